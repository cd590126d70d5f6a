"""Australia DFAT Consolidated List, official Excel (`dfat-xlsx`).

One row per name. A listing's reference is a number ("12"); its further names have rows of
their own with a letter after the number ("12a", "12b1"). Rows are grouped on the number:
one entity per listing (`au-dfat:12`), Individual -> Person, Entity -> Organization, the
Primary Name row as the name and the others as aliases (Original Script ones with the
language of their script). Committees give the Sanction's programme; the list's date is the
latest Control Date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coalition.errors import FormatError, InputError
from coalition.model import Entity
from coalition.sources.aliases import add_names
from coalition.sources.au_dfat.values import (
    birth_dates,
    citizenships,
    last_segment_country,
    listing_date,
    script_of,
    split_lettered,
)
from coalition.sources.base import Format, ImportContext, load_source
from coalition.sources.xlsxsafe import ZIP_MAGIC, Cell, cell_text, first_rows, iter_rows

SOURCE: dict[str, Any] = load_source(__package__)
COLUMNS: list[str] = SOURCE["columns"]
NULLS = frozenset(str(v).lower() for v in SOURCE["null_values"])
DEMONYMS: dict[str, str] = SOURCE["demonyms"]
_REFERENCE = re.compile(r"^(\d+)([a-z]*\d*)$")

Record = dict[str, Cell]


def sniff(path: Path, head: bytes) -> bool:
    if path.is_dir() or not head.startswith(ZIP_MAGIC):
        return False
    rows = first_rows(path, 1)
    return bool(rows) and {"Reference", "Name of Individual or Entity"} <= {
        cell_text(c) for c in rows[0]}


def text(record: Record, column: str) -> str | None:
    value = cell_text(record.get(column))
    return None if value is None or value.lower() in NULLS else value


def read(path: Path, ctx: ImportContext) -> dict[str, list[tuple[str, Record]]]:
    """The rows by listing number: (the row's own reference, its cells by column)."""
    header: list[str] | None = None
    out: dict[str, list[tuple[str, Record]]] = {}
    for number, values in iter_rows(path):
        if header is None:
            header = [cell_text(v) or "" for v in values]
            if "Reference" not in header or "Name of Individual or Entity" not in header:
                raise FormatError("the first row is not the DFAT header (Reference, Name of "
                                  "Individual or Entity, Type, Name Type…)",
                                  where=f"{path}:row {number}")
            continue
        if not any(cell_text(v) for v in values):
            continue
        record = {h: v for h, v in zip(header, values, strict=False) if h}
        reference = cell_text(record.get("Reference"))
        m = _REFERENCE.match(reference or "")
        if m is None:
            raise InputError(f"reference {reference!r} is not a number with an optional "
                             "letter suffix", where=f"{path}:row {number}")
        for column, value in zip(header, values, strict=False):
            if column not in COLUMNS and cell_text(value):
                ctx.unknown("unknown-column", column or f"(no header, value {value!r})",
                            reference)
        out.setdefault(m.group(1), []).append((reference or "", record))
    if header is None:
        raise FormatError("the workbook's first sheet is empty", where=str(path))
    return out


def add_name(ctx: ImportContext, entity: Entity, ref: str, record: Record) -> None:
    name = text(record, "Name of Individual or Entity")
    kind = (text(record, "Name Type") or "").lower()
    prop = SOURCE["name_types"].get(kind)
    if prop is None:
        ctx.unknown("unknown-code", f"Name Type {kind!r}", ref)
        prop = "alias"
    lang = None
    if kind == "original script" and name:
        lang = SOURCE["script_languages"].get(script_of(name) or "")
    add_names(ctx, entity, prop, name, ref, lang=lang, languages=SOURCE["script_languages"])


def add_facts(ctx: ImportContext, entity: Entity, sanction: Entity, ref: str,
              record: Record) -> list[Entity]:
    """Everything but the name: the same on every row of a listing, added once per value."""
    children: list[Entity] = []
    dob = text(record, "Date of Birth")
    if dob:
        if entity.schema.is_a("Person"):
            prefixes, unread = birth_dates(dob)
            entity.add("birthDate", prefixes)
            for piece in unread:
                ctx.unknown("invalid-value", f"Date of Birth {piece!r}", ref)
        else:
            entity.add("notes", f"Date of Birth: {dob}")
    for place in split_lettered(text(record, "Place of Birth"), NULLS):
        if entity.schema.is_a("Person"):
            entity.add("birthPlace", place)
            country = last_segment_country(place)
            entity.add("birthCountry", country)
        else:
            entity.add("notes", f"Place of Birth: {place}")
    for country in citizenships(text(record, "Citizenship"), DEMONYMS, NULLS):
        entity.add("nationality" if entity.schema.is_a("Person") else "country", country)
    for full in split_lettered(text(record, "Address"), NULLS):
        address = ctx.make_child("Address", entity, "address", full)
        address.add("full", full)
        country = last_segment_country(full)
        address.add("country", country)
        entity.add("addressEntity", address.id)
        entity.add("address", full)
        entity.add("country", country)
        children.append(address)
    entity.add("notes", text(record, "Additional Information"))
    listing = text(record, "Listing Information")
    sanction.add("summary", listing)
    sanction.add("listingDate", listing_date(listing))
    committee = text(record, "Committees")
    sanction.add("program", committee)
    entity.add("program", committee)
    control = record.get("Control Date")
    if control is not None:
        sanction.add("modifiedAt", control if not isinstance(control, str) else control.strip())
    return children


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    latest: str | None = None
    for number, rows in read(path, ctx).items():
        primary = [r for ref, r in rows if (text(r, "Name Type") or "").lower() == "primary name"]
        if len(primary) != 1:
            ctx.unknown("primary-name-count", f"{len(primary)} Primary Name rows", number)
        first = primary[0] if primary else rows[0][1]
        kind = (text(first, "Type") or "").lower()
        schema = SOURCE["types"].get(kind)
        if schema is None:
            ctx.unknown("unknown-code", f"Type {kind!r}", number)
            schema = "LegalEntity"
        entity = ctx.make(schema, number)
        entity.add("topics", "sanction")
        sanction = ctx.make_child("Sanction", entity, "au-dfat", number)
        sanction.add("entity", entity.id)
        sanction.add("authority", SOURCE["publisher"])
        sanction.add("country", "au")
        children: dict[str, Entity] = {}
        for ref, record in rows:
            if (text(record, "Type") or "").lower() not in ("", kind):
                ctx.unknown("conflicting-value", f"Type {text(record, 'Type')!r} on an alias "
                            f"row of a {kind} listing", ref)
            add_name(ctx, entity, ref, record)
            for child in add_facts(ctx, entity, sanction, ref, record):
                children[child.id] = child
        control = sanction.first("modifiedAt")
        if control and (latest is None or control > latest):
            latest = control
        yield entity
        yield sanction
        yield from children.values()
    ctx.list_date = latest


FORMATS = [Format.from_source(SOURCE, sniff, parse)]
