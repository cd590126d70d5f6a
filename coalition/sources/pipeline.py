"""Import a file or folder into the store: detect, parse in full, then write in one transaction."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coalition.errors import InputError
from coalition.model import Entity
from coalition.sources.base import Format, ImportContext, ImportReport
from coalition.sources.registry import detect, get_format
from coalition.store import DatasetInfo, Store, WriteResult

if TYPE_CHECKING:
    from coalition.ledger.resolve import ResolveReport
    from coalition.ledger.seed import SeedResult

_DATE_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FTM_NAME = re.compile(r"[^a-z0-9]+")

Progress = Callable[[int], None]


@dataclass
class ImportOutcome:
    path: Path
    report: ImportReport
    result: WriteResult
    seeded: SeedResult | None = None  # the publisher's statements recorded in the joint list
    linked: ResolveReport | None = None  # the new edition's records linked to the other lists


def content_hash(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if path.is_dir():
            h.update(f.relative_to(path).as_posix().encode() + b"\x00")
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def ftm_dataset_name(path: Path, given: str | None) -> str:
    base = given or path.name.split(".")[0]
    return "ftm-" + (_FTM_NAME.sub("-", base.lower()).strip("-") or "data")


def fallback_date(path: Path) -> str:
    m = _DATE_IN_NAME.search(path.name) or _DATE_IN_NAME.search(path.as_posix())
    if m:
        return "-".join(m.groups())
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()


def parse(path: Path, fmt: Format, dataset: str | None = None,
          progress: Progress | None = None) -> tuple[ImportContext, list[Entity]]:
    """Every entity in `path`, merged by id, and the context with its report."""
    name = fmt.dataset if fmt.dataset != "ftm" else ftm_dataset_name(path, dataset)
    ctx = ImportContext(name, path, fmt.name)
    entities: dict[str, Entity] = {}
    try:
        for entity in fmt.parse(path, ctx):
            if entity.id in entities:
                entities[entity.id].merge(entity)
            else:
                entities[entity.id] = entity
                if entity.schema.matchable:
                    ctx.report.records += 1
                    if progress:
                        progress(1)
    except InputError:
        raise
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise InputError(f"could not read the file as {fmt.name}: {exc}", where=str(path)) from exc
    for e in entities.values():
        ctx.report.schemata[e.schema.name] += 1
    ctx.report.list_date = ctx.list_date or fallback_date(path)
    return ctx, list(entities.values())


def import_path(
    store: Store,
    path: Path,
    *,
    format: str | None = None,
    dataset: str | None = None,
    progress: Progress | None = None,
    ledger_keys: Path | None = None,
    list_date: str | None = None,
    link: bool = True,
) -> ImportOutcome:
    """Import one file or folder; raises InputError (and writes nothing) when it cannot be read.

    A new edition of an official list also seeds the joint list with its publisher's
    statements (signing keys in `ledger_keys`, default COALITION_HOME/keys). `list_date` sets
    the edition's date for files that carry none (OFAC CSV, the Rosfinmonitoring list). With
    `link`, its added and changed records are then linked to the other lists' (resolve.py),
    the screening index for that kept beside the keys (COALITION_HOME/resolve)."""
    fmt = get_format(format) if format else detect(path)
    ctx, entities = parse(path, fmt, dataset, progress)
    if list_date:
        ctx.report.list_date = list_date
    info = DatasetInfo(
        name=ctx.dataset,
        title=fmt.title if fmt.dataset != "ftm" else f"FtM data: {path.name}",
        publisher=fmt.publisher,
        url=fmt.url,
    )
    result = store.write_edition(
        info,
        list_date=ctx.report.list_date or fallback_date(path),
        content_hash=content_hash(path),
        format=fmt.name,
        source=str(path),
        entities=entities,
    )
    seeded = None
    if not result.unchanged:
        from coalition.ledger.seed import seed_from_store

        seeded = seed_from_store(store, ctx.dataset, ledger_keys)
    linked = None
    if link and not result.unchanged:
        from coalition.ledger.resolve import link_edition, resolve_cache

        linked = link_edition(store, result.diff, resolve_cache(ledger_keys))
    return ImportOutcome(path=path, report=ctx.report, result=result, seeded=seeded,
                         linked=linked)
