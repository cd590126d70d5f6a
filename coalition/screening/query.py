"""A screening query: names and the identity data that come with them, checked on the way in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from coalition.errors import UsageError
from coalition.model import countries, dates
from coalition.model.schema import get_schema

MAX_NAME_LENGTH = 500
MAX_NAMES = 20
MIN_YEAR, MAX_YEAR = 1900, 2030
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_ID_KEEP = re.compile(r"[^0-9A-Z]+")
_GENDERS = {"male": "male", "m": "male", "female": "female", "f": "female", "other": "other"}


def normalise_identifier(value: str) -> str:
    """A document or registration number compared as upper-case letters and digits only;
    IMO numbers lose their `IMO` prefix so `IMO9176187` and `9176187` meet."""
    ident = _ID_KEEP.sub("", value.upper())
    if ident.startswith("IMO") and ident[3:].isdigit():
        ident = ident[3:]
    return ident


@dataclass(frozen=True)
class Query:
    """What a caller knows about a party: one or more names and optional identity data."""

    names: tuple[str, ...]
    schema: str = "Thing"
    birth_date: str | None = None
    countries: tuple[str, ...] = ()
    gender: str | None = None
    identifiers: tuple[str, ...] = field(default=())
    id: str | None = None

    @classmethod
    def build(
        cls,
        names: str | list[str] | tuple[str, ...],
        *,
        schema: str | None = None,
        birth_date: str | None = None,
        nationality: str | list[str] | None = None,
        country: str | list[str] | None = None,
        gender: str | None = None,
        passport: str | None = None,
        id_number: str | None = None,
        imo: str | None = None,
        id: str | None = None,
    ) -> Query:
        """A checked query; a UsageError says what is wrong with which value."""
        where = f"query {id}" if id else None
        raw = [names] if isinstance(names, str) else list(names)
        cleaned = tuple(n for n in (_clean_name(n, where) for n in raw) if n)
        if not cleaned:
            raise UsageError("a query needs at least one name; got none", where=where)
        if len(cleaned) > MAX_NAMES:
            raise UsageError(f"a query may carry at most {MAX_NAMES} names; got {len(cleaned)}",
                             where=where)
        schema_name = (schema or "Thing").strip() or "Thing"
        found = get_schema(schema_name)
        if not found.matchable and schema_name not in ("Thing", "LegalEntity"):
            raise UsageError(f"schema {schema_name!r} is not screened; use Person, Organization,"
                             " Company, LegalEntity, Vessel or Airplane", where=where)
        return cls(
            names=cleaned,
            schema=schema_name,
            birth_date=_clean_date(birth_date, where),
            countries=_clean_countries([nationality, country], where),
            gender=_clean_gender(gender, where),
            identifiers=tuple(i for i in (normalise_identifier(v) for v in
                                          (passport, id_number, imo) if v) if len(i) >= 4),
            id=id,
        )


def _clean_name(name: str, where: str | None) -> str | None:
    if not isinstance(name, str):
        raise UsageError(f"a name must be text, got {type(name).__name__}", where=where)
    if len(name) > MAX_NAME_LENGTH:
        raise UsageError(f"a name of {len(name):,} characters is over the limit of "
                         f"{MAX_NAME_LENGTH}; screen the name alone, not a document", where=where)
    bad = _CONTROL.search(name)
    if bad:
        raise UsageError(f"the name {name[:60]!r} holds the control character "
                         f"U+{ord(bad.group()):04X}; remove it", where=where)
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if name and not any(ch.isalnum() for ch in name):
        raise UsageError(f"the name {name!r} holds no letters", where=where)
    return name or None


def _clean_date(value: str | None, where: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    year = re.match(r"^\s*(\d{4})\b", str(value))
    if year and not MIN_YEAR <= int(year.group(1)) <= MAX_YEAR:
        raise UsageError(f"date of birth {value!r} is outside {MIN_YEAR}-{MAX_YEAR}",
                         where=where)
    prefix = dates.parse_date(str(value))
    if prefix is None:
        raise UsageError(f"unreadable date of birth {value!r}; write it as 1971-07-28, "
                         "1971-07 or 1971", where=where)
    if not MIN_YEAR <= int(prefix[:4]) <= MAX_YEAR:
        raise UsageError(f"date of birth {value!r} is outside {MIN_YEAR}-{MAX_YEAR}",
                         where=where)
    return prefix


def _clean_countries(values: list[str | list[str] | None], where: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        items = [value] if isinstance(value, str) else list(value or [])
        for item in items:
            for part in str(item).replace(";", ",").split(","):
                if not part.strip():
                    continue
                code = countries.to_code(part.strip())
                if code is None:
                    raise UsageError(f"unknown country {part.strip()!r}; use an ISO code such "
                                     "as sy or a country name", where=where)
                if code not in out:
                    out.append(code)
    return tuple(out)


def _clean_gender(value: str | None, where: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    gender = _GENDERS.get(value.strip().lower())
    if gender is None:
        raise UsageError(f"unknown gender {value!r}; use male, female or other", where=where)
    return gender
