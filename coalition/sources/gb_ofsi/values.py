"""How OFSI writes values inside a cell: numbered lists, dates with 00 parts, tagged notes.

- A cell holding several values numbers them: "(1) Syria (2) Iraq", "(1-3) Libya (4) Morocco".
- DOB is dd/mm/yyyy with 00 for an unknown day or month: 00/00/1965 is the year 1965.
- "Other Information" carries tagged facts: "(UK Sanctions List Ref):AFG0001. (UN Ref):TAi.001.
  (Gender):Male"; `tagged` finds the known tags and the text each one holds.
"""

from __future__ import annotations

import re

from coalition.model import countries

_NUMBER = re.compile(r"\(\d{1,2}(?:\s*-\s*\d{1,2})?\)")
_PLACEHOLDERS = {"-", "–", "—", "n/a", "na", "none", "unknown"}
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MY = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_REF = re.compile(r"\s*([A-Za-z]{2,5}[.\s]?\d{2,5}(?:\.\d+)?)")
_COUNTRY_SPLIT = re.compile(r"\s*(?:[.;,/]|\band\b)\s*")
_NOW = re.compile(r"\b(?:now|currently)\b\s*:?\s*([^()]+)", re.IGNORECASE)
_PAREN = re.compile(r"\s*\([^()]*\)\s*")


def split_numbered(text: str | None) -> list[str]:
    """The values of a cell, without the "(1)" numbers, placeholders and trailing stops."""
    if not text:
        return []
    parts = _NUMBER.split(text) if _NUMBER.search(text) else [text]
    out = []
    for part in parts:
        value = part.strip().rstrip(".,;").strip()
        if value and value.lower() not in _PLACEHOLDERS and value not in out:
            out.append(value)
    return out


def ofsi_date(text: str | None) -> str | None:
    """An ISO prefix for dd/mm/yyyy, mm/yyyy or yyyy, where 00 stands for an unknown part."""
    if not text:
        return None
    text = text.strip()
    m = _DMY.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        if month == 0:
            return f"{year:04d}"
        if day == 0:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}"
    m = _MY.match(text)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
        return f"{year:04d}-{month:02d}" if month else f"{year:04d}"
    if _YEAR.match(text):
        return text
    return None


def country_values(text: str | None) -> list[str]:
    """The countries in a cell: numbered parts, and parts joined by '.', ',' or 'and' when the
    whole part is not one country name. A piece that is no country is returned as it is, so
    the entity reports it as an invalid value with the record."""
    out: list[str] = []
    for part in split_numbered(text):
        if countries.to_code(part):
            out.append(part)
            continue
        today = current_country(part)
        if today:
            out.append(today)
            continue
        pieces = [p for p in _COUNTRY_SPLIT.split(part) if p.strip()]
        if len(pieces) > 1 and all(countries.to_code(p) for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


def current_country(text: str) -> str | None:
    """The country a place is in today, from "Former USSR (now Belarus)", "Ukrainian SSR now
    Ukraine" or "Iraq (previous address)"; None when neither reading names a country."""
    m = _NOW.search(text)
    if m:
        name = m.group(1).strip(" .,;)")
        if countries.to_code(name):
            return name
    bare = _PAREN.sub(" ", text).strip(" .,;")
    if bare != text and countries.to_code(bare):
        return bare
    return None


def tagged(text: str | None, tags: list[str]) -> dict[str, str]:
    """The text after each known "(Tag):" in `text`, up to the next known tag."""
    if not text or not tags:
        return {}
    pattern = re.compile(r"\((" + "|".join(re.escape(t) for t in tags) + r")\)\s*:")
    found = list(pattern.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[m.end():end].strip()
        if value and m.group(1) not in out:
            out[m.group(1)] = value
    return out


def reference_code(value: str) -> str | None:
    """The reference code at the start of a tag's text: 'QDi.001' in 'QDi.001. Linked to...'."""
    m = _REF.match(value)
    return m.group(1) if m else None
