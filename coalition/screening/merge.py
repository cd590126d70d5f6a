"""One screening record per real-world entity: the records of several lists merged.

The UN, OFAC, the UK, the EU… each publish their own record of one person. Given which
entity each record belongs to (a mapping record id -> entity id, made from the resolution
links by `coalition.ledger.identity`, which this package does not import), the records of
one entity become one `Record` before the index is built: the union of their names, weak
names, birth dates, countries and identifiers, the gender when they agree on it, every
source record in `referents` and every list in `datasets`. Each name and birth date keeps
the lists that carry it, so an explanation can say which list matched.

The merged record is known by the entity id and captioned by the record named so (the UN
record when the entity has one), else by the first record in order. Records whose schemata
cannot describe one entity (a person judged the same as a vessel) are not forced together:
each such part keeps the id of its first record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from coalition.model.schema import Schema, get_schema
from coalition.screening.records import Record

UN_PREFIX = "un-sc-"


def entity_of(record_id: str, mapping: Mapping[str, str]) -> str:
    """The entity a record belongs to: its mapped id, else its own."""
    return mapping.get(record_id, record_id)


def _order(entity_id: str, record: Record) -> tuple[bool, bool, str]:
    """The record named as the entity first, then UN records, then by id."""
    return record.id != entity_id, not record.id.startswith(UN_PREFIX), record.id


def _fits(schema: Schema, other: Schema) -> bool:
    return schema.is_a(other.name) or other.is_a(schema.name)


def _narrower(schema: Schema, other: Schema) -> Schema:
    return schema if schema.is_a(other.name) else other


def _parts(entity_id: str, records: list[Record]) -> list[list[Record]]:
    """The records in order, split into groups whose schemata fit one entity."""
    parts: list[tuple[Schema, list[Record]]] = []
    for record in sorted(records, key=lambda r: _order(entity_id, r)):
        for i, (schema, members) in enumerate(parts):
            if _fits(schema, record.schema):
                members.append(record)
                parts[i] = (_narrower(schema, record.schema), members)
                break
        else:
            parts.append((record.schema, [record]))
    return [members for _, members in parts]


def _union(values: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, list[str]]:
    """value -> the lists that carry it, values in first-seen order."""
    out: dict[str, list[str]] = {}
    for value, lists in values:
        known = out.setdefault(value, [])
        known.extend(ds for ds in lists if ds not in known)
    return out


def merged(entity_id: str, records: list[Record]) -> Record:
    """One record of an entity from its records (in the order given, the first leading)."""
    if len(records) == 1 and records[0].id == entity_id:
        return records[0]
    schema = records[0].schema
    for r in records[1:]:
        schema = _narrower(schema, r.schema)
    strong = _union((name, r.lists_of_name(k)) for r in records
                    for k, name in enumerate(r.raw_names))
    weak = _union((name, r.lists_of_name(len(r.raw_names) + k)) for r in records
                  for k, name in enumerate(r.raw_weak) if name not in strong)
    dates = _union((d, r.lists_of_date(k)) for r in records
                   for k, d in enumerate(r.birth_dates))
    genders = {r.gender for r in records if r.gender}
    return Record(
        id=entity_id,
        schema=get_schema(schema.name),
        caption=records[0].caption,
        raw_names=tuple(strong),
        raw_weak=tuple(weak),
        birth_dates=tuple(dates),
        countries=frozenset().union(*(r.countries for r in records)),
        gender=genders.pop() if len(genders) == 1 else None,
        identifiers=frozenset().union(*(r.identifiers for r in records)),
        referents=tuple(sorted({ref for r in records for ref in r.referents})),
        datasets=tuple(sorted({ds for r in records for ds in r.datasets})),
        name_lists=tuple(tuple(sorted(v)) for v in (*strong.values(), *weak.values())),
        date_lists=tuple(tuple(sorted(v)) for v in dates.values()),
    )


def merge_records(records: Iterable[Record], mapping: Mapping[str, str]) -> list[Record]:
    """The records with those of one entity merged into one, in the order each entity first
    appears; with an empty mapping, the records as they are."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(entity_of(record.id, mapping), []).append(record)
    out: list[Record] = []
    for eid, members in groups.items():
        for n, part in enumerate(_parts(eid, members)):
            out.append(merged(eid if n == 0 else part[0].id, part))
    return out
