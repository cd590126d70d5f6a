"""The real lists in ../shared/datasets, parsed by the project's importers, cached between runs."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

from coalition.model import Entity
from coalition.sources.pipeline import parse
from coalition.sources.registry import detect

LISTS = (
    "un/UN_consolidated_2026-02-27.xml",
    "us-ofac/sdn_2021-07-07",
    "us-ofac/cons_2025-12-19",
    "gb-ofsi/ConList_2025-04-10.xlsx",
    "eu/eu_sanctions_2025-04.json",
    "au-dfat/regulation8_consolidated.xlsx",
    "ca-sema/sema-lmes.xml",
    "ru-rfm/RFM_terrorists_utf8.csv",
)


def load(datasets: Path, cache: Path) -> tuple[list[Entity], dict[str, str]]:
    """Matchable entities of every list and a note per list (records, or why it failed)."""
    cache.mkdir(parents=True, exist_ok=True)
    notes: dict[str, str] = {}
    out: list[Entity] = []
    for rel in LISTS:
        path = datasets / "lists" / rel
        cached = cache / (rel.replace("/", "_") + ".pickle")
        if cached.exists() and cached.stat().st_mtime >= path.stat().st_mtime:
            entities = pickle.loads(cached.read_bytes())
        else:
            started = time.perf_counter()
            try:
                _, parsed = parse(path, detect(path))
            except Exception as exc:  # a list whose importer is not ready is reported, not fatal
                notes[rel] = f"not loaded: {type(exc).__name__}: {exc}"[:200]
                continue
            entities = [e for e in parsed if e.schema.matchable]
            cached.write_bytes(pickle.dumps(entities))
            notes[rel + " parse_s"] = f"{time.perf_counter() - started:.1f}"
        notes[rel] = f"{len(entities)} records"
        out.extend(entities)
    return out, notes
