"""A derived JSON export of the EU list (`eu-json`): `{"meta": {"source": "eu", "count",
"timestamp"}, "data": [{"id": "EU-<logicalId>", "name", "type", "details": {...}}]}`.

The id carries the FSF logicalId, so records get the same references as from the official
XML (`eu-fsf:13`). A file of the same shape whose meta.source is not "eu" (the same tool
also exports the UN list) is refused: it is not this list. Unknown keys are reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from coalition.errors import FormatError, HostileInputError, InputError
from coalition.model import Entity
from coalition.sources.aliases import add_names
from coalition.sources.base import ImportContext
from coalition.sources.eu_fsf.common import SOURCE, new_sanction

MAX_BYTES = 512 * 1024 * 1024
TOP_KEYS = {"id", "name", "type", "country", "programs", "source", "matchScore", "details"}
DETAIL_KEYS = {"aliases", "birthDate", "sanctions", "addresses", "nationalities",
               "identifications"}


def sniff(path: Path, head: bytes) -> bool:
    if path.is_dir() or not head.lstrip().startswith(b"{"):
        return False
    start = head[:2048].replace(b" ", b"").replace(b"\n", b"")
    return b'"meta":{"source":"eu"' in start and b'"data"' in head


def load(path: Path) -> dict[str, Any]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise HostileInputError(f"refused: {size:,} bytes is over the limit of {MAX_BYTES:,}",
                                where=str(path))
    raw = path.read_bytes()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        line = raw[: exc.pos].count(b"\n") + 1
        raise InputError(f"malformed JSON: {exc.msg}", where=f"{path}:line {line}") from None
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise FormatError('expected an object with a "data" list of records', where=str(path))
    source = str((data.get("meta") or {}).get("source", "")).lower()
    if source != "eu":
        raise FormatError(f'meta.source is {source!r}, not "eu": this export is another '
                          "list (import the UN list from its official XML with un-xml)",
                          where=str(path))
    return data


def reference(record: dict[str, Any], index: int, path: Path) -> str:
    rid = str(record.get("id") or "")
    if not rid:
        raise InputError(f"record {index + 1} has no id", where=f"{path}:record {index + 1}")
    return rid.removeprefix("EU-")


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    data = load(path)
    stamp = str((data.get("meta") or {}).get("timestamp") or "")
    ctx.list_date = stamp[:10] or None
    for index, record in enumerate(data["data"]):
        if not isinstance(record, dict):
            raise InputError("a record that is not an object", where=f"{path}:record {index + 1}")
        yield from parse_record(ctx, record, reference(record, index, path))


def parse_record(ctx: ImportContext, record: dict[str, Any], ref: str) -> Iterator[Entity]:
    for key in record:
        if key not in TOP_KEYS:
            ctx.unknown("unknown-field", key, ref)
    kind = str(record.get("type") or "")
    schema = SOURCE["subject_types"].get(kind)
    if schema is None:
        ctx.unknown("unknown-code", f"type {kind!r}", ref)
        schema = "LegalEntity"
    if record.get("source") not in (None, "EU"):
        ctx.unknown("unknown-code", f"source {record.get('source')!r}", ref)
    entity = ctx.make(schema, ref)
    entity.add("topics", "sanction")
    name = record.get("name")
    add_names(ctx, entity, "name", name if isinstance(name, str) else None, ref)
    entity.add("country", record.get("country"))
    sanction = new_sanction(ctx, entity, ref)
    for program in record.get("programs") or []:
        sanction.add("program", program)
        entity.add("program", program)
    details = record.get("details") or {}
    children: list[Entity] = []
    for key in details:
        if key not in DETAIL_KEYS:
            ctx.unknown("unknown-field", f"details.{key}", ref)
    for alias in details.get("aliases") or []:
        if isinstance(alias, str):
            add_names(ctx, entity, "alias", alias, ref)
    person = entity.schema.is_a("Person")
    if details.get("birthDate"):
        if person:
            entity.add("birthDate", details["birthDate"])
        else:
            ctx.unknown("value-for-other-schema", f"birthDate of a {schema}", ref)
    for nationality in details.get("nationalities") or []:
        entity.add("nationality" if person else "country", nationality)
    for item in details.get("sanctions") or []:
        if isinstance(item, dict):
            sanction.add("program", item.get("program"))
            sanction.add("startDate", item.get("startDate"))
            sanction.add("reason", item.get("reason"))
    for item in details.get("addresses") or []:
        text = item if isinstance(item, str) else ", ".join(
            str(v) for v in (item or {}).values() if v)
        if text:
            addr = ctx.make_child("Address", entity, text)
            addr.add("full", text)
            entity.add("addressEntity", addr.id)
            entity.add("address", text)
            children.append(addr)
    for item in details.get("identifications") or []:
        if not isinstance(item, dict) or not item.get("number"):
            continue
        passport = "passport" in str(item.get("type", "")).lower()
        doc_schema = "Passport" if passport else "Identification"
        doc = ctx.make_child(doc_schema, entity, doc_schema, item["number"])
        doc.add("holder", entity.id)
        doc.add("number", item["number"])
        doc.add("type", item.get("type"))
        doc.add("country", item.get("country"))
        if person:
            entity.add("passportNumber" if passport else "idNumber", item["number"])
        children.append(doc)
    yield entity
    yield sanction
    yield from children
