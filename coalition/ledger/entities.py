"""The entities the joint list speaks about: from the imported lists or submitted with a
statement. Read in bulk for captions and for FtM export of a consolidated list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from coalition.ledger import tables as t
from coalition.ledger.consolidate import Entry
from coalition.ledger.members import Member
from coalition.model import Entity, Statement
from coalition.store import tables as st

CHUNK = 500


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def captions(engine: Engine, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """entity id -> (schema, caption), from the latest edition that had it or the ledger."""
    wanted = sorted(set(ids))
    out: dict[str, tuple[str, str]] = {}
    ee, ed = st.edition_entities.c, st.editions.c
    with engine.connect() as conn:
        for chunk in _chunks(wanted):
            rows = conn.execute(sa.select(ee.entity_id, ee.schema, ee.caption)
                                .join_from(st.edition_entities, st.editions,
                                           ee.edition_id == ed.id)
                                .where(ee.entity_id.in_(chunk))
                                .order_by(ed.list_date, ed.id))
            out.update({r.entity_id: (r.schema, r.caption) for r in rows})
            le = t.ledger_entities.c
            out.update({r.id: (r.schema, r.caption) for r in conn.execute(
                sa.select(le.id, le.schema, le.caption).where(le.id.in_(chunk)))})
    return out


def load_ftm(engine: Engine, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """entity id -> FtM JSON, assembled from every statement about it."""
    wanted = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    c = st.statements.c
    with engine.connect() as conn:
        for chunk in _chunks(wanted):
            rows = conn.execute(sa.select(*t_cols(c)).where(c.entity_id.in_(chunk))
                                .order_by(c.entity_id, c.prop, c.first_seen)).all()
            groups: dict[str, list[Statement]] = {}
            for r in rows:
                groups.setdefault(r.entity_id, []).append(Statement(
                    entity_id=r.entity_id, schema=r.schema, prop=r.prop, value=r.value,
                    dataset=r.dataset, reference=r.reference, lang=r.lang,
                    original_value=r.original_value, first_seen=r.first_seen,
                    last_seen=r.last_seen))
            for eid, stmts in groups.items():
                out[eid] = Entity.from_statements(stmts).to_ftm()
            le = t.ledger_entities.c
            for eid, data in conn.execute(sa.select(le.id, le.data).where(le.id.in_(chunk))):
                out.setdefault(eid, orjson.loads(data))
    return out


def t_cols(c: Any) -> list[Any]:
    return [c.entity_id, c.schema, c.prop, c.value, c.dataset, c.reference, c.lang,
            c.original_value, c.first_seen, c.last_seen]


def sanction_ftm(entry: Entry, members: dict[str, Member]) -> list[dict[str, Any]]:
    """One FtM Sanction per listing member: authority, legal basis, since when."""
    out = []
    for mid, row in sorted(entry.positions.items()):
        if row.position != "listed":
            continue
        props: dict[str, list[str]] = {
            "entity": [row.entity_id], "authority": [members[mid].name if mid in members
                                                        else mid],
            "program": [row.legal_basis], "listingDate": [row.effective], "status": ["listed"],
            "recordId": [row.id]}
        if row.until:
            props["endDate"] = [row.until]
        if members.get(mid) and members[mid].country:
            props["country"] = [members[mid].country or ""]
        out.append({"id": f"{row.entity_id}-ledger-{mid}", "schema": "Sanction",
                    "properties": props})
    return out
