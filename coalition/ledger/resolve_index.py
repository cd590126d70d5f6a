"""The screening indexes that name and birth date resolution queries: every list's persons
with a birth date, one index per birth year, kept between runs so that a new edition of one
list is linked in seconds.

A name and birth date link needs the two records' birth dates to agree, so to share a year:
a query is screened only against the persons born in its year(s). On the real lists this
finds the same links as one index of everyone, and a few more (the candidates retrieved are
all of the right year), in about 60 % of the time, and the indexes build faster.

The indexes are built from the store and saved in a cache folder (COALITION_HOME/resolve),
with the editions they were built from (persist.py writes and reads each index); a year's
index is read when first queried. Later, a list whose latest edition is not the saved one is
*stale*: its persons added or changed since are put in small `delta` indexes (by year), and
its saved entries that changed or were removed since are ignored. A caller that queries only
one list's records ignores that list's own staleness (results of the queried list are never
used), so an import re-links its new edition against the saved indexes without rebuilding
them; they are rebuilt (with every list as it is now, the queried one included) when what
changed since they were saved, in any list, grows past `REBUILD_SHARE` of them: a large new
list pays for the rebuild, and the next small edition finds the indexes fresh.
"""

from __future__ import annotations

import json
import shutil
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
Found = tuple[Result, str, tuple[str, ...]]  # a result, its list, its birth dates


def birth_years(dates: Iterable[str]) -> set[str]:
    return {d[:4] for d in dates if d[:4].isdigit()}


def by_year(persons: Iterable[Entity]) -> dict[str, list[Entity]]:
    """The persons with a birth date, under each year they were born in."""
    out: dict[str, list[Entity]] = {}
    for e in persons:
        if e.schema.name == "Person":
            for year in birth_years(e.get("birthDate")):
                out.setdefault(year, []).append(e)
    return out


class Years:
    """Screeners by birth year: built in memory, or read from a folder when first asked."""

    def __init__(self, built: dict[str, Screener] | None = None,
                 folder: Path | None = None, years: Collection[str] = ()) -> None:
        self.screeners: dict[str, Screener | None] = dict(built or {})
        self.folder = folder
        self.years = set(years) | set(self.screeners)
        self.about: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}

    def get(self, year: str) -> Screener | None:
        if year not in self.years:
            return None
        if year not in self.screeners:
            self.screeners[year] = _read(self.folder / f"{year}.npz") if self.folder else None
        return self.screeners[year]

    def size(self) -> int:
        return sum(len(s) for y in self.years if (s := self.get(y)) is not None)

    def match(self, year: str, query: Query, limit: int, candidates: int) -> list[Found]:
        screener = self.get(year)
        if screener is None:
            return []
        if year not in self.about:
            self.about[year] = {r.id: (r.datasets[0] if r.datasets else "", r.birth_dates)
                                for r in screener.records}
        info = self.about[year]
        return [(r, *info[r.id]) for r in screener.match(query, limit=limit,
                                                         candidates=candidates)]


def _read(path: Path) -> Screener | None:
    loaded = persist.load(path)
    if loaded is None:
        return None
    screener = Screener.__new__(Screener)
    screener.algorithm = LOGIC
    screener.candidates = CANDIDATES
    screener.records, screener.index = loaded
    screener.build_seconds = 0.0
    return screener


@dataclass
class PersonIndex:
    """Persons with a birth date, by year of birth, ready to be screened against."""

    base: Years
    editions: dict[str, int]  # list -> the edition the base was built from
    delta: Years = field(default_factory=Years)
    outdated: set[str] = field(default_factory=set)  # base entries changed or removed since

    def match(self, query: Query, years: Iterable[str], *, limit: int,
              candidates: int) -> list[Found]:
        """The best results among the persons born in `years`, best first."""
        found: dict[str, Found] = {}
        for year in sorted(set(years)):
            for item in self.base.match(year, query, limit, candidates):
                if item[0].id not in self.outdated:
                    found.setdefault(item[0].id, item)
            for item in self.delta.match(year, query, limit, candidates):
                found.setdefault(item[0].id, item)
        return sorted(found.values(), key=lambda f: (-f[0].score, f[0].id))

    def preload(self) -> None:
        """Read every saved year now (before worker processes share the index)."""
        for years in (self.base, self.delta):
            for year in years.years:
                years.get(year)


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
    """Fresh indexes of the latest editions (from `persons` when the caller read them),
    saved in `cache` when given."""
    editions = _current(store)
    persons = list(persons_with_birth_dates(store)) if persons is None else persons
    built = {year: Screener.from_entities(ps) for year, ps in by_year(persons).items()}
    if cache is not None:
        key = persist.code_fingerprint()[:12] + "-" + "-".join(
            str(v) for _, v in sorted(editions.items()))
        folder = cache / f"persons-{key}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for year, screener in built.items():
                persist.save(folder / f"{year}.npz", screener.records, screener.index)
            (cache / META).write_text(json.dumps({
                "folder": folder.name, "editions": editions, "years": sorted(built),
                "code": persist.code_fingerprint()}))
            for old in cache.glob("persons-*"):
                if old != folder:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass  # a read-only home links all the same, only slower next time
    return PersonIndex(Years(built), editions)


def _saved(cache: Path) -> tuple[Years, dict[str, int]] | None:
    try:
        meta = json.loads((cache / META).read_text())
        if meta.get("code") != persist.code_fingerprint():
            return None
        folder = cache / str(meta["folder"])
        editions = {str(k): int(v) for k, v in dict(meta["editions"]).items()}
        years = [str(y) for y in meta["years"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not folder.is_dir():
        return None
    return Years(folder=folder, years=years), editions


def load(store: Store, cache: Path | None, *, ignore: Collection[str] = ()) -> PersonIndex:
    """The saved indexes, topped up with what changed since in lists other than `ignore`
    (built afresh when there are none, or too much changed)."""
    saved = _saved(cache) if cache is not None else None
    if saved is None:
        return build(store, cache)
    base, editions = saved
    current = _current(store)
    added: set[str] = set()
    outdated: set[str] = set()
    stale = 0  # the ignored lists count here too: the next caller may need them
    for ds, edition in current.items():
        if editions.get(ds) == edition:
            continue
        before = _members(store, editions[ds]) if ds in editions else {}
        after = _members(store, edition)
        new = {eid for eid, fp in after.items() if before.get(eid) != fp}
        old = {eid for eid, fp in before.items() if after.get(eid) != fp}
        stale += len(new) + len(old)
        if ds not in ignore:
            added |= new
            outdated |= old
    gone = set(editions) - set(current)
    if gone:
        return build(store, cache)  # a list was dropped from the store
    indexed = sum(len(_members(store, ed)) for ed in editions.values())
    if stale > REBUILD_SHARE * max(indexed, 1):
        return build(store, cache)
    delta = Years()
    if added:
        delta = Years({year: Screener.from_entities(ps) for year, ps
                        in by_year(entities_by_id(store, added)).items()})
    return PersonIndex(base, editions, delta, outdated)
