"""Screening against a consolidated view of the joint list.

`screen_view(ledger, "quorum:2", "2015-11-16")` builds a screener over only the entities on
the consolidated list under that policy and date; each result it returns says which members
list the entity and which object to it (member ids, as in `coalition consolidated`).
Entities come from the imported lists' statements or, for an entity submitted with a
statement, from the FtM JSON recorded in the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from coalition.errors import InputError
from coalition.ledger import tables as t
from coalition.ledger.consolidate import Entry, Policy, parse_policy
from coalition.ledger.entities import CHUNK, t_cols
from coalition.ledger.ledger import Ledger
from coalition.model import Entity, Statement
from coalition.screening.merge import merge_records
from coalition.screening.query import Query
from coalition.screening.records import Record
from coalition.screening.screener import Result, Screener
from coalition.store import tables as st

LEDGER_DATASET = "coalition-ledger"


class ViewScreener(Screener):
    """A screener over one consolidated view whose results carry each entry's positions."""

    def __init__(self, records: list[Record], entries: dict[str, Entry], policy: Policy,
                 as_of: str, known_at: str | None = None, **kwargs: Any) -> None:
        super().__init__(records, **kwargs)
        self.entries = entries
        self.policy = policy
        self.as_of = as_of
        self.known_at = known_at

    def match(self, query: Query, **kwargs: Any) -> list[Result]:
        """As Screener.match, each result annotated with who lists and who objects."""
        results = super().match(query, **kwargs)
        for r in results:
            entry = self.entries.get(r.id)
            r.listed_by = entry.listed_by if entry else []
            r.objected_by = entry.objected_by if entry else []
        return results

    def describe(self) -> str:
        """The view in words: policy, date and, when given, the recording cut-off."""
        text = f"{self.policy} as of {self.as_of}"
        return text + (f", known at {self.known_at}" if self.known_at else "")


def view_entities(engine: Engine, ids: Iterable[str]) -> list[Entity]:
    """The entities with these ids: from every imported statement about them, else from the
    FtM JSON submitted to the ledger with a statement."""
    wanted = sorted(set(ids))
    found: dict[str, Entity] = {}
    c, le = st.statements.c, t.ledger_entities.c
    with engine.connect() as conn:
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i:i + CHUNK]
            groups: dict[str, list[Statement]] = {}
            for r in conn.execute(sa.select(*t_cols(c)).where(c.entity_id.in_(chunk))
                                  .order_by(c.entity_id, c.prop, c.first_seen)):
                groups.setdefault(r.entity_id, []).append(Statement(
                    entity_id=r.entity_id, schema=r.schema, prop=r.prop, value=r.value,
                    dataset=r.dataset, reference=r.reference, lang=r.lang,
                    original_value=r.original_value, first_seen=r.first_seen,
                    last_seen=r.last_seen))
            for eid, stmts in groups.items():
                found[eid] = Entity.from_statements(stmts)
            missing = [eid for eid in chunk if eid not in found]
            if missing:
                for eid, data, sid in conn.execute(sa.select(le.id, le.data, le.statement_id)
                                                   .where(le.id.in_(missing))):
                    found[eid] = _from_ftm(orjson.loads(data), sid)
    return [found[eid] for eid in wanted if eid in found]


def _from_ftm(data: dict[str, Any], statement_id: str) -> Entity:
    """An entity from FtM JSON submitted with a statement (checked when it was appended)."""
    try:
        entity = Entity(str(data["schema"]), str(data["id"]), dataset=LEDGER_DATASET,
                        reference=f"{LEDGER_DATASET}:{statement_id}")
        for prop, values in (data.get("properties") or {}).items():
            entity.add(prop, values)
    except Exception as exc:
        raise InputError(f"ledger entity {data.get('id')!r} of statement {statement_id} is "
                         f"not valid FtM: {exc}") from None
    return entity


def screen_view(ledger: Ledger, policy: str | Policy, as_of: str, known_at: str | None = None,
                **kwargs: Any) -> ViewScreener:
    """A screener over the consolidated list under `policy` on `as_of` (entities of
    matchable schemata only)."""
    pol = parse_policy(policy)
    # the records of a resolved entry are screened as one entity carrying its positions
    consolidated = ledger.consolidated(pol, as_of, known_at)
    entries = {ref: e for e in consolidated for ref in (e.referents or [e.entity_id])}
    entity_ids = {ref: e.entity_id for ref, e in entries.items()}
    entries.update({e.entity_id: e for e in consolidated})
    entities = view_entities(ledger.engine, entity_ids)
    records = merge_records((Record.from_entity(e) for e in entities if e.schema.matchable),
                            entity_ids)
    return ViewScreener(records, entries, pol, as_of, known_at, **kwargs)
