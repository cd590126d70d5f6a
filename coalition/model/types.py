"""Cleaning of property values by their FollowTheMoney type.

`clean(type, value)` returns the cleaned value or None when the value cannot be that type
(the caller reports it). Values are strings on the wire; enormous values are refused so a
hostile file cannot bloat the store.
"""

from __future__ import annotations

import re
import unicodedata

from coalition.model import countries, dates
from coalition.model.identifiers import BY_PROPERTY

MAX_VALUE_LENGTH = 65_536
_SPACE = re.compile(r"\s+")
_CONTROL = {c for c in map(chr, range(32)) if c not in "\t\n\r"}
_GENDERS = {
    "male": "male", "m": "male", "man": "male", "мужской": "male", "муж": "male", "м": "male",
    "female": "female", "f": "female", "woman": "female", "женский": "female", "жен": "female",
    "ж": "female", "other": "other",
}
_ID_KEEP = re.compile(r"[^\w\-./ ]+", re.UNICODE)


class ValueTooLong(ValueError):
    pass


def _strip(value: str) -> str:
    if any(c in _CONTROL for c in value):
        value = "".join(" " if c in _CONTROL else c for c in value)
    return unicodedata.normalize("NFC", value).strip()


def clean_text(value: str) -> str | None:
    value = _strip(value)
    if len(value) > MAX_VALUE_LENGTH:
        raise ValueTooLong(f"value of {len(value):,} characters is over {MAX_VALUE_LENGTH:,}")
    return value or None


def clean_line(value: str) -> str | None:
    text = clean_text(value)
    return _SPACE.sub(" ", text) if text else None


def clean(type_: str, value: object, prop: str | None = None) -> str | None:
    """The cleaned string form of `value` for a property of type `type_`, or None."""
    if value is None:
        return None
    special = BY_PROPERTY.get(prop or "")
    if special is not None:
        line = clean_line(str(value))
        return special(line) if line else None
    if type_ == "date":
        return dates.to_prefix(value)  # type: ignore[arg-type]
    text = str(value)
    if type_ in ("text", "address"):
        return clean_text(text)
    text_line = clean_line(text)
    if text_line is None:
        return None
    if type_ == "country":
        return countries.to_code(text_line)
    if type_ == "gender":
        return _GENDERS.get(text_line.lower())
    if type_ == "identifier":
        ident = _ID_KEEP.sub("", text_line).strip()
        return ident or None
    if type_ == "number":
        return text_line if re.fullmatch(r"[\d.,\s]+", text_line) else None
    return text_line
