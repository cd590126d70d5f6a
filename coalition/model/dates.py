"""Dates as ISO-8601 prefixes whose length is their precision: 1970, 1970-05, 1970-05-01.

A range ("between 1968 and 1970") is kept as one prefix per year, which is how the
FollowTheMoney wire format carries uncertain dates; `expand_years` caps it so a typo
such as 1900-2000 cannot flood an entity.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MAX_RANGE_YEARS = 25
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DMY = re.compile(r"^(\d{1,2})[./ -](\d{1,2})[./ -](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[./-](\d{4})$")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_TEXT = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})$")


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    if not 1000 <= year <= 2100:
        return False
    if month is None:
        return True
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not _valid(year, month, day):
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str | None) -> str | None:
    """An ISO prefix for a date written as ISO, D/M/Y, 'DD Mon YYYY', 'Mon YYYY' or a year; else None."""
    if text is None:
        return None
    text = text.strip().strip(".").strip()
    if not text:
        return None
    if isinstance(text, datetime | date):  # pragma: no cover - defensive for spreadsheet cells
        return text.isoformat()[:10]
    m = _ISO.match(text)
    if m and (len(text) == m.end() or text[m.end()] in "T "):
        year, month, day = m.groups()
        return _fmt(int(year), int(month) if month else None, int(day) if day else None)
    m = _DMY.match(text)
    if m:
        return _fmt(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _MY.match(text)
    if m:
        return _fmt(int(m.group(2)), int(m.group(1)))
    m = _TEXT.match(text)
    if m and m.group(2).lower() in _MONTHS:
        day = int(m.group(1)) if m.group(1) else None
        return _fmt(int(m.group(3)), _MONTHS[m.group(2).lower()], day)
    return None


def precision(prefix: str) -> str:
    """'year', 'month' or 'day' for an ISO prefix."""
    return {4: "year", 7: "month", 10: "day"}.get(len(prefix), "day")


def expand_years(start: int, end: int) -> list[str]:
    """One year prefix per year from start to end inclusive; empty when the range is absurd."""
    if end < start or end - start > MAX_RANGE_YEARS or not _valid(start) or not _valid(end):
        return []
    return [f"{y:04d}" for y in range(start, end + 1)]


def to_prefix(value: date | datetime | str | None) -> str | None:
    """A prefix from a date object (spreadsheet cell) or text."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return parse_date(str(value))
