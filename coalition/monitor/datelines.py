"""Dates and places that news pages print around an article: datelines, bylines, page dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    m: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ])
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"

# 29 Sep 2015 / 26 November 2020
_DMY_WORDS = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s*,?\s+(?P<year>(19|20)\d\d)\b", re.I)
# Sept. 28, 2015 / September 9, 2014
_MDY_WORDS = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(19|20)\d\d)\b", re.I)
# 27.06.2014 (day first, as Russian and European agencies print it)
_DMY_DOTS = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(19|20)\d\d)\b")
# 07/27/2016 (month first, as US pages print it) or 2015-09-29
_SLASHED = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(19|20)\d\d)\b")
_ISO = re.compile(r"\b(?P<year>(19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)")
# MOSCOW, September 9. /ITAR-TASS/.   ANTALYA, November 16 (RIA Novosti) –
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'\- ]{{2,30}}),\s+(?i:{_MONTH})\s+(?P<day>\d{{1,2}})"
    r"(?:,\s*(?P<year>\d{4}))?"
    r"\s*(?:\.\s*/[^/]{1,30}/\s*\.?|\([^)]{1,30}\)\s*[–—-]?)\s*",
)


@dataclass(frozen=True)
class Dateline:
    """The place and date an agency puts before the first sentence (`MOSCOW, April 9 (RIA)`)."""

    place: str
    month: int
    day: int
    year: int | None
    end: int


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first full calendar date written in `text`, as YYYY-MM-DD."""
    for rx in (_ISO, _DMY_WORDS, _MDY_WORDS, _DMY_DOTS):
        m = rx.search(text)
        if m:
            month = m.group("month")
            mnum = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            found = _iso(int(m.group("year")), mnum, int(m.group("day")))
            if found:
                return found
    m = _SLASHED.search(text)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        month, day = (a, b) if a <= 12 else (b, a)
        return _iso(int(m.group("year")), month, day)
    return None


_LEFTOVER = re.compile(rf"{_WEEKDAY}|[\s,.;:|/()\-–—]+|\d{{1,2}}:\d\d", re.I)


def date_line(line: str) -> str | None:
    """The date when `line` is nothing but a date with an agency or weekday (a byline)."""
    if len(line) > 60:
        return None
    found = find_date(line)
    if not found:
        return None
    rest = line
    for rx in (_ISO, _DMY_WORDS, _MDY_WORDS, _DMY_DOTS, _SLASHED):
        rest = rx.sub(" ", rest)
    rest = _LEFTOVER.sub(" ", rest).strip()
    return found if len(rest) <= 25 and len(rest.split()) <= 3 else None


def dateline(paragraph: str) -> Dateline | None:
    """The agency dateline at the start of a paragraph, if there is one."""
    m = DATELINE.match(paragraph)
    if not m:
        return None
    year = int(m.group("year")) if m.group("year") else None
    return Dateline(place=m.group("place").strip().title(), month=MONTHS[m.group("month").lower()],
                    day=int(m.group("day")), year=year, end=m.end())


def weekday_before(anchor: str, weekday: str) -> str | None:
    """The date of the last `weekday` on or before the ISO date `anchor` ("on Saturday")."""
    try:
        day = date.fromisoformat(anchor[:10])
    except ValueError:
        return None
    target = WEEKDAYS.index(weekday.lower())
    delta = (day.weekday() - target) % 7
    return date.fromordinal(day.toordinal() - delta).isoformat()
