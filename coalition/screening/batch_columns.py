"""Which column of a customer's file feeds which field of a screening query.

Our fields are the contract's columns (`id,name,schema,birth_date,nationality,passport,
id_number`) and the other arguments `Query.build` takes (`country`, `gender`, `imo`). A
mapping the caller gives (`name=Full Name,birth_date=DOB`) wins; every field it leaves out is
matched against the headers automatically: case, spaces and punctuation ignored, then the
common synonyms below ("Full Name", "Date of Birth", "DOB", "Country"). A file that splits
names into given and family name has them joined. Every column that feeds no field is passed
through to the output unchanged.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coalition.errors import InputError, UsageError

FIELDS = ("id", "name", "schema", "birth_date", "nationality", "country", "gender",
          "passport", "id_number", "imo")
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "ref", "reference", "query id", "record id", "customer id", "customer number",
           "customer no", "client id", "client number", "party id", "uid"),
    "name": ("name", "names", "full name", "customer name", "client name", "party name",
             "entity name", "legal name", "person name", "company name", "organisation name",
             "organization name", "vessel name"),
    "schema": ("schema", "entity type", "party type", "customer type", "record type"),
    "birth_date": ("birth date", "date of birth", "dob", "d.o.b.", "born", "birthday"),
    "nationality": ("nationality", "nationalities", "citizenship", "country", "country code"),
    "country": ("country of residence", "residence", "residence country", "jurisdiction",
                "country of incorporation", "registration country"),
    "gender": ("gender", "sex"),
    "passport": ("passport", "passport number", "passport no", "passport nr"),
    "id_number": ("id number", "id no", "national id", "national id number",
                  "identification number", "registration number", "tax id", "document number"),
    "imo": ("imo", "imo number"),
}
GIVEN = ("first name", "given name", "given names", "forename", "forenames")
MIDDLE = ("middle name", "middle names")
FAMILY = ("last name", "surname", "family name")
# values of a schema column as customer files write them; other values go to Query.build as is
SCHEMA_WORDS = {"person": "Person", "individual": "Person", "natural person": "Person",
                "company": "Company", "business": "Company", "corporation": "Company",
                "organization": "Organization", "organisation": "Organization",
                "entity": "LegalEntity", "legal entity": "LegalEntity",
                "legalentity": "LegalEntity", "vessel": "Vessel", "ship": "Vessel",
                "airplane": "Airplane", "aircraft": "Airplane"}
_FIELD_AT = re.compile(r",(?=\s*(?:" + "|".join(FIELDS) + r")\s*=)")


def header_key(text: str) -> str:
    """A header as compared: case-folded letters and digits only."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def parse_mapping(specs: Sequence[str]) -> dict[str, list[str]]:
    """`name=Full Name,birth_date=DOB` (repeatable) as field -> columns. A header may hold
    commas; `a+b` joins two columns into one name; `field=` (empty) leaves the field out."""
    out: dict[str, list[str]] = {}
    for spec in specs:
        for part in _FIELD_AT.split(spec):
            if not part.strip():
                continue
            ours, sep, theirs = part.partition("=")
            ours = ours.strip()
            if not sep or ours not in FIELDS:
                raise UsageError(f"--columns {part.strip()!r}: expected FIELD=COLUMN with FIELD "
                                 f"one of {', '.join(FIELDS)}")
            if ours in out:
                raise UsageError(f"--columns maps {ours!r} twice")
            out[ours] = [c.strip() for c in theirs.split("+") if c.strip()] \
                if ours == "name" else ([theirs.strip()] if theirs.strip() else [])
    return out


@dataclass(frozen=True)
class ColumnMap:
    """Field -> the column(s) that feed it, and the columns passed through."""

    fields: dict[str, list[str]]
    passed: list[str]

    def column_of(self, field: str) -> str:
        return "+".join(self.fields.get(field, [])) or field

    def describe(self) -> str:
        return ", ".join(f"{f} <- {self.column_of(f)!r}" for f in FIELDS if self.fields.get(f))

    def query_args(self, cells: Mapping[str, Any]) -> dict[str, Any]:
        """Query.build's arguments from one row's cells: names split at `|` (and lists of
        names taken as they are); a value that is not text is a UsageError naming its column."""
        args: dict[str, Any] = {}
        for field, columns in self.fields.items():
            values = [_text(cells.get(c), c) for c in columns]
            if field == "name":
                args["names"] = _names(values)
                continue
            value = values[0] if values else None
            if isinstance(value, list):
                if field not in ("nationality", "country"):
                    raise UsageError(f"column {columns[0]!r}: expected one value, got a list")
            elif value is not None:
                value = value.strip() or None
                if value and field == "schema":
                    value = SCHEMA_WORDS.get(value.casefold(), value)
                if value and field in ("nationality", "country"):
                    value = [v for v in value.split("|") if v.strip()]
            args[field] = value
        args.setdefault("names", [])
        return args

    def passed_cells(self, cells: Mapping[str, Any]) -> dict[str, Any]:
        return {c: cells[c] for c in self.passed if c in cells}


def _text(value: Any, column: str) -> str | list[str] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | list):
        raise UsageError(f"column {column!r}: expected text, got {type(value).__name__}")
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise UsageError(f"column {column!r}: expected a list of text")
        return list(value)
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _names(values: list[str | list[str] | None]) -> list[str]:
    if len(values) == 1:
        only = values[0]
        if isinstance(only, list):
            return only
        return [n for n in (only or "").split("|") if n.strip()]
    parts = [v for v in values if isinstance(v, str) and v.strip()]
    return [" ".join(p.strip() for p in parts)] if parts else []


def resolve(header: Sequence[str], mapping: Mapping[str, list[str]], *, where: str) -> ColumnMap:
    """The column map for a file with `header`: the given mapping checked against it, the
    rest matched automatically. UsageError for a mapped column the file lacks; InputError
    when no column gives names."""
    keyed: dict[str, str] = {}
    for column in header:
        keyed.setdefault(header_key(column), column)
    fields: dict[str, list[str]] = {}
    for ours, columns in mapping.items():
        fields[ours] = [_find(c, header, keyed, ours, where) for c in columns]
    used = {c for cols in fields.values() for c in cols}
    for ours in FIELDS:
        if ours in mapping:
            continue
        found = _auto(ours, keyed, used)
        if found:
            fields[ours] = found
            used.update(found)
    if not fields.get("name"):
        raise InputError(f"no name column among {', '.join(repr(h) for h in header[:20])}; "
                         "name one with --columns name=<column>, e.g. --columns "
                         "'name=Full Name'", where=where)
    return ColumnMap({f: c for f, c in fields.items() if c},
                     [h for h in header if h not in used])


def _find(column: str, header: Sequence[str], keyed: Mapping[str, str], ours: str,
          where: str) -> str:
    if column in header:
        return column
    if header_key(column) in keyed:
        return keyed[header_key(column)]
    close = difflib.get_close_matches(column, list(header), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    shown = ", ".join(repr(h) for h in header[:20])
    raise UsageError(f"--columns {ours}={column}: the file has no column {column!r}{hint}; "
                     f"its columns are {shown}", where=where)


def _auto(ours: str, keyed: Mapping[str, str], used: set[str]) -> list[str]:
    for word in (ours, *SYNONYMS[ours]):
        column = keyed.get(header_key(word))
        if column is not None and column not in used:
            return [column]
    if ours != "name":
        return []
    parts = [_first_of(words, keyed, used) for words in (GIVEN, MIDDLE, FAMILY)]
    if parts[0] and parts[2]:
        return [p for p in parts if p]
    return []


def _first_of(words: Sequence[str], keyed: Mapping[str, str], used: set[str]) -> str | None:
    for word in words:
        column = keyed.get(header_key(word))
        if column is not None and column not in used:
            return column
    return None
