"""FtM JSON lines: one entity per line, `{"id", "schema", "properties": {prop: [values]}}`.

The dataset is `ftm-<name>`, the name from `--dataset` or the file name. Source references
are `ftm-<name>:<entity id>`. Unknown schemata and properties are reported, not dropped
silently; a line that is not JSON stops the import with its line number.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from coalition.errors import InputError, UsageError
from coalition.model import Entity
from coalition.model.schema import get_schema
from coalition.sources.base import Format, ImportContext

MAX_LINE = 16 << 20


def sniff(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return False
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    return b'"schema"' in first and b'"properties"' in first


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            if len(line) > MAX_LINE:
                raise InputError(f"line of {len(line):,} bytes is over {MAX_LINE:,}",
                                 where=f"{path}:line {lineno}")
            line = line.strip()
            if not line:
                continue
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"not a JSON object: {exc}", where=f"{path}:line {lineno}") from None
            if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
                raise InputError("each line needs an object with 'id' and 'schema'",
                                 where=f"{path}:line {lineno}")
            entity_id = str(data["id"])
            try:
                schema = get_schema(str(data["schema"]))
            except UsageError:
                ctx.unknown("unknown-schema", str(data["schema"]), entity_id)
                continue
            entity = ctx.make(schema.name, entity_id)
            entity.id = entity_id  # keep the publisher's id: other entities refer to it
            props = data.get("properties") or {}
            if not isinstance(props, dict):
                raise InputError("'properties' must be an object", where=f"{path}:line {lineno}")
            for prop, values in props.items():
                if prop not in schema.properties:
                    ctx.unknown("unknown-property", f"{schema.name}.{prop}", entity_id)
                    continue
                if not isinstance(values, list):
                    values = [values]
                for value in values:
                    if isinstance(value, dict):  # nested entity (FtM "nested" export)
                        value = value.get("id")
                    entity.add(prop, value)
            yield entity
            if data.get("last_change") and (ctx.list_date is None or
                                            str(data["last_change"])[:10] > ctx.list_date):
                ctx.list_date = str(data["last_change"])[:10]


FORMATS = [
    Format(
        name="ftm",
        dataset="ftm",
        title="FollowTheMoney entities",
        publisher="(from the file)",
        url=None,
        sniff=sniff,
        parse=parse,
        description="FtM JSON lines, e.g. an OpenSanctions export",
    )
]
