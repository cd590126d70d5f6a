"""How DFAT writes values inside a cell: lettered lists, approximate dates, nationality words.

- Several values are lettered: "a) Pakistani b) Saudi Arabian", "a) 1955 b) 1958".
- Dates of birth are written many ways: a spreadsheet date, "15/06/1971", "5 Feb. 1981",
  "Approximately 1955- 1958" (a range: one prefix per year), "8 October 1970 or 1 January 1970".
- Citizenship is a country or a nationality adjective ("Yemeni"): `demonyms` in source.yaml.
"""

from __future__ import annotations

import re
import unicodedata

from coalition.model import countries
from coalition.model.dates import expand_years, parse_date

_LETTER = re.compile(r"(?:^|(?<=[\s.;,]))\(?[a-z]\)\s*")
_APPROX = re.compile(r"^(?:approximately|approx\.?|circa|about|born|possibly|c\.|ca\.|"
                     r"alt\.? dob:?|dob:?)\s*", re.IGNORECASE)
_RANGE = re.compile(r"^(?:between\s+)?(\d{4})\s*(?:-|–|to|and|/)\s*(\d{4})$", re.IGNORECASE)
_OR = re.compile(r"\s+or\s+|\s*;\s*|\s*>>\s*", re.IGNORECASE)
_ASIDE = re.compile(r"\s*\((?:as|from|in|according)\b[^()]*\)")
_DASHED = re.compile(r"^(\d{1,2})-([A-Za-z]{3,9})-(\d{4})$")
_LISTED_ON = re.compile(r"\b(?:listed|designated)\b[^()]*?\bon\s*(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}"
                        r"|\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
_COUNTRY_SPLIT = re.compile(r"\s*(?:[;,/]|\band\b)\s*")


def split_lettered(text: str | None, nulls: frozenset[str] = frozenset()) -> list[str]:
    """The values of a lettered cell, without the "a)" letters, empty parts and nulls."""
    if not text:
        return []
    parts = _LETTER.split(text) if _LETTER.match(text) else [text]
    out = []
    for part in parts:
        value = " ".join(part.split()).strip(" .,;")
        if value and value.lower() not in nulls and value not in out:
            out.append(value)
    return out


def birth_dates(text: str) -> tuple[list[str], list[str]]:
    """(ISO prefixes, pieces that could not be read) for a Date of Birth cell."""
    prefixes: list[str] = []
    unread: list[str] = []
    for part in split_lettered(text):
        for piece in _OR.split(part):
            piece = _ASIDE.sub("", piece).strip(" .,")
            if piece.startswith("(") and piece.endswith(")"):
                piece = piece[1:-1]
            piece = _APPROX.sub("", piece).strip()
            if not piece:
                continue
            piece = _DASHED.sub(r"\1 \2 \3", piece)
            piece = " ".join(piece.replace(".", " ").split()) if re.search("[A-Za-z]", piece) \
                else piece
            m = _RANGE.match(piece)
            years = expand_years(int(m.group(1)), int(m.group(2))) if m else []
            if years:
                prefixes.extend(years)
                continue
            prefix = parse_date(piece)
            if prefix is None:
                unread.append(piece)
            elif prefix not in prefixes:
                prefixes.append(prefix)
    return prefixes, unread


def country_code(text: str, demonyms: dict[str, str]) -> str | None:
    """A value the country type reads: the name itself when it is a country name, else the
    code of a nationality adjective ("Yemeni" -> ye), else None."""
    text = _APPROX.sub("", text.strip())
    if countries.to_code(text):
        return text
    return demonyms.get(" ".join(text.lower().split()))


def citizenships(text: str | None, demonyms: dict[str, str],
                 nulls: frozenset[str]) -> list[str]:
    """Country names or codes, or the piece as written when it is no country (reported)."""
    out: list[str] = []
    for part in split_lettered(text, nulls):
        code = country_code(part, demonyms)
        if code:
            out.append(code)
            continue
        pieces = [p for p in _COUNTRY_SPLIT.split(part) if p.strip()]
        codes = [country_code(p, demonyms) for p in pieces]
        if len(pieces) > 1 and all(codes):
            out.extend(c for c in codes if c)
        else:
            out.append(part)
    return out


def last_segment_country(place: str) -> str | None:
    """The country at the end of a place or address ("Mosul, Iraq"), when there is one."""
    tail = re.sub(r"\([^()]*\)", "", place).rsplit(",", 1)[-1].strip(" .")
    return tail if tail and countries.to_code(tail) else None


def listing_date(text: str | None) -> str | None:
    """The first listing date in "Listed by UN 1267 Committee on 25 January 2001 (...)"."""
    if not text:
        return None
    m = _LISTED_ON.search(text)
    return parse_date(m.group(1)) if m else None


def script_of(text: str) -> str | None:
    """The Unicode script of the first letter that is not Latin (ARABIC, CYRILLIC…)."""
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            if script != "LATIN":
                return script
    return None
