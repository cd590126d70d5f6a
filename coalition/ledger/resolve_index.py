"""The screening index that name and birth date resolution queries: every list's persons
with a birth date, kept between runs so that a new edition of one list is linked in seconds.

The index is built once from the store and saved in a cache folder (COALITION_HOME/resolve)
with the editions it was built from (persist.py writes and reads the index itself). Later,
a list whose latest edition is not the saved one is *stale* in it: its records added or
changed since then are put in a small second index (the `delta`), and its entries that were
changed or removed since are ignored in the saved one. Results of both are merged, best
first. A caller that queries only one list's records can ignore that list's own staleness
(results of the queried list are never used), which is why an import re-links its new
edition against the saved index without rebuilding it; the saved index is rebuilt when the
delta grows past `REBUILD_SHARE` of it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from coalition.ledger.resolve_load import entities_by_id, persons_with_birth_dates
from coalition.model import Entity
from coalition.screening import Query, Result, Screener, persist
from coalition.screening.algorithms import LOGIC
from coalition.screening.screener import CANDIDATES
from coalition.store import Store
from coalition.store import tables as st

REBUILD_SHARE = 0.15
META = "persons.json"


def _dated_persons(entities: Iterable[Entity]) -> list[Entity]:
    return [e for e in entities if e.schema.name == "Person" and e.get("birthDate")]


@dataclass
class PersonIndex:
    """Persons with a birth date, by list, ready to be screened against."""

    base: Screener
    editions: dict[str, int]  # list -> the edition the base was built from
    delta: Screener | None = None
    outdated: set[str] = field(default_factory=set)  # base entries changed or removed since

    _info: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def about(self, eid: str) -> tuple[str, tuple[str, ...]] | None:
        """(list, birth dates) of an indexed person."""
        if not self._info:
            for screener in (self.base, self.delta):
                for rec in screener.records if screener is not None else ():
                    self._info[rec.id] = (rec.datasets[0] if rec.datasets else "",
                                          rec.birth_dates)
        return self._info.get(eid)

    @property
    def size(self) -> int:
        return len(self.base) + (len(self.delta) if self.delta else 0)

    def match(self, query: Query, *, limit: int, candidates: int) -> list[Result]:
        """The best results of the base (its outdated entries left out) and of the delta."""
        found = [r for r in self.base.match(query, limit=limit, candidates=candidates)
                 if r.id not in self.outdated]
        if self.delta is not None:
            found += self.delta.match(query, limit=limit, candidates=candidates)
            found.sort(key=lambda r: (-r.score, r.id))
        return found[:limit]


def _members(store: Store, edition: int) -> dict[str, str]:
    """The persons of an edition, each with its fingerprint (what changes when it does)."""
    c = st.edition_entities.c
    with store.engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(sa.select(c.entity_id, c.fingerprint).where(
            c.edition_id == edition, c.schema == "Person"))}


def _current(store: Store) -> dict[str, int]:
    return {ds: ed.id for ds, ed in store.latest_editions().items()}


def build(store: Store, cache: Path | None,
          persons: list[Entity] | None = None) -> PersonIndex:
    """A fresh index of the latest editions (from `persons` when the caller read them),
    saved in `cache` when given."""
    editions = _current(store)
    persons = list(persons_with_birth_dates(store)) if persons is None else persons
    screener = Screener.from_entities(_dated_persons(persons))
    if cache is not None:
        key = persist.code_fingerprint()[:12] + "-" + "-".join(
            f"{v}" for _, v in sorted(editions.items()))
        path = cache / f"persons.{key}.npz"
        try:
            persist.save(path, screener.records, screener.index)
            (cache / META).write_text(json.dumps({"file": path.name, "editions": editions,
                                                  "code": persist.code_fingerprint()}))
        except OSError:
            pass  # a read-only home links all the same, only slower next time
    return PersonIndex(screener, editions)


def _saved(cache: Path) -> tuple[Screener, dict[str, int]] | None:
    try:
        meta = json.loads((cache / META).read_text())
        if meta.get("code") != persist.code_fingerprint():
            return None
        loaded = persist.load(cache / str(meta["file"]))
        editions = {str(k): int(v) for k, v in dict(meta["editions"]).items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if loaded is None:
        return None
    screener = Screener.__new__(Screener)
    screener.algorithm = LOGIC
    screener.candidates = CANDIDATES
    screener.records, screener.index = loaded
    screener.build_seconds = 0.0
    return screener, editions


def load(store: Store, cache: Path | None, *, ignore: Collection[str] = ()) -> PersonIndex:
    """The saved index, topped up with what changed since in lists other than `ignore`
    (rebuilt when there is none, or too much changed)."""
    saved = _saved(cache) if cache is not None else None
    if saved is None:
        return build(store, cache)
    base, editions = saved
    current = _current(store)
    added: set[str] = set()
    outdated: set[str] = set()
    for ds, edition in current.items():
        if ds in ignore or editions.get(ds) == edition:
            continue
        if ds not in editions:
            added |= {p.id for p in persons_with_birth_dates(store, [ds])}
            continue
        before, after = _members(store, editions[ds]), _members(store, edition)
        added |= {eid for eid, fp in after.items() if before.get(eid) != fp}
        outdated |= {eid for eid, fp in before.items() if after.get(eid) != fp}
    for ds in set(editions) - set(current):
        outdated |= {r.id for r in base.records if ds in r.datasets}
    if len(added) + len(outdated) > REBUILD_SHARE * max(len(base), 1):
        return build(store, cache)
    delta = None
    if added:
        persons = _dated_persons(entities_by_id(store, added))
        delta = Screener.from_entities(persons) if persons else None
    return PersonIndex(base, editions, delta, outdated)
