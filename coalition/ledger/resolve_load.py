"""Reading what resolution needs from the store, no more: the records of the latest editions
by id, or the persons with a birth date, without assembling every entity of every list.

`RecordBook` hands out resolution `Record`s (resolve_keys.py) on demand, in batches: a run
that re-links one list's new edition reads only the records its keys and matches name.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from coalition.ledger.resolve_keys import Record
from coalition.model import Entity, Statement
from coalition.store import Store
from coalition.store import tables as st

BATCH = 500


def latest_edition_ids(store: Store) -> list[int]:
    return [ed.id for ed in store.latest_editions().values()]


def _statement(row: sa.Row[Any]) -> Statement:
    m = row._mapping
    return Statement(entity_id=m["entity_id"], schema=m["schema"], prop=m["prop"],
                     value=m["value"], dataset=m["dataset"], reference=m["reference"],
                     lang=m["lang"], original_value=m["original_value"],
                     first_seen=m["first_seen"], last_seen=m["last_seen"])


def _assemble(rows: Iterable[sa.Row[Any]]) -> Iterator[Entity]:
    for _, group in itertools.groupby(rows, key=lambda r: r._mapping["entity_id"]):
        yield Entity.from_statements(_statement(r) for r in group)


def entities_by_id(store: Store, ids: Iterable[str],
                   editions: list[int] | None = None) -> Iterator[Entity]:
    """The matchable entities among `ids`, as the latest editions have them."""
    wanted = sorted(set(ids))
    editions = latest_edition_ids(store) if editions is None else editions
    c = st.statements.c
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), BATCH):
            rows = conn.execute(sa.select(st.statements).where(
                c.entity_id.in_(wanted[i:i + BATCH]), c.last_edition.in_(editions))
                .order_by(c.entity_id))
            yield from (e for e in _assemble(rows) if e.schema.matchable)


def persons_with_birth_dates(store: Store, datasets: Iterable[str] | None = None
                             ) -> Iterator[Entity]:
    """The persons of the latest editions (of `datasets`, or of every list) that give a
    birth date: the only ones a name and birth date link can name."""
    latest = store.latest_editions()
    editions = [ed.id for ds, ed in latest.items() if datasets is None or ds in set(datasets)]
    if not editions:
        return
    c = st.statements.c
    dated = sa.select(c.entity_id).where(c.prop == "birthDate", c.schema == "Person",
                                         c.last_edition.in_(editions))
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(st.statements).where(
            c.entity_id.in_(dated), c.last_edition.in_(editions)).order_by(c.entity_id))
        yield from (e for e in _assemble(rows) if e.schema.name == "Person")


class RecordBook:
    """Resolution records of the latest editions, read from the store as they are asked for
    (`prefetch` reads many in one go) and kept."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.editions = latest_edition_ids(store)
        self._records: dict[str, Record | None] = {}

    def add(self, entities: Iterable[Entity]) -> None:
        for e in entities:
            self._records[e.id] = Record.of(e)

    def prefetch(self, ids: Iterable[str]) -> None:
        missing = {i for i in ids if i not in self._records}
        if not missing:
            return
        self.add(entities_by_id(self.store, missing, self.editions))
        for eid in missing:
            self._records.setdefault(eid, None)

    def get(self, eid: str) -> Record | None:
        if eid not in self._records:
            self.prefetch([eid])
        return self._records[eid]

    def __getitem__(self, eid: str) -> Record:
        rec = self.get(eid)
        if rec is None:
            raise KeyError(eid)
        return rec

    def known(self) -> dict[str, Record]:
        """Every record read so far."""
        return {k: v for k, v in self._records.items() if v is not None}
