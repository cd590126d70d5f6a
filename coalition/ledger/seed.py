"""Seeding the ledger from an imported official list: its publisher's `listed` statements.

For each record of the list's latest edition the publisher member states `listed`, effective
from the listing date the list carries (Sanction.listingDate, else its startDate, else the
date of the first edition that had the record), on the legal basis the list names (program,
provisions, authority), with the list file's SHA-256 as evidence. A record that has left the
list gets a `not-listed` statement from the new edition's date. Seeding twice adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from coalition.errors import NotFoundError
from coalition.ledger import tables as t
from coalition.ledger.keys import KeyStore
from coalition.ledger.ledger import Ledger
from coalition.ledger.members import publishers
from coalition.ledger.statements import Draft, Position, valid_date
from coalition.settings import Settings
from coalition.store import Store
from coalition.store import tables as st

SANCTION_PROPS = ("entity", "listingDate", "startDate", "program", "provisions", "authority",
                  "reason")
MAX_REASONS = 2_000
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class SeedResult:
    dataset: str
    member: str | None
    listed: int = 0
    delisted: int = 0
    unchanged: int = 0


def _sanctions(conn: sa.Connection, dataset: str, edition: int) -> dict[str, list[dict]]:
    """target entity id -> the sanctions of the latest edition that name it."""
    c = st.statements.c
    by_sanction: dict[str, dict[str, list[str]]] = {}
    for eid, prop, value in conn.execute(
            sa.select(c.entity_id, c.prop, c.value).where(
                c.dataset == dataset, c.schema == "Sanction", c.last_edition == edition,
                c.prop.in_(SANCTION_PROPS))):
        by_sanction.setdefault(eid, {}).setdefault(prop, []).append(value)
    out: dict[str, list[dict]] = {}
    for props in by_sanction.values():
        for target in props.get("entity", []):
            out.setdefault(target, []).append(props)
    return out


def _first_dates(conn: sa.Connection, dataset: str) -> dict[str, str]:
    ee, ed = st.edition_entities.c, st.editions.c
    q = (sa.select(ee.entity_id, sa.func.min(ed.list_date))
         .join_from(st.edition_entities, st.editions, ee.edition_id == ed.id)
         .where(ed.dataset == dataset).group_by(ee.entity_id))
    return dict(conn.execute(q).all())  # type: ignore[arg-type]


def _current(conn: sa.Connection, member: str, dataset: str) -> dict[str, tuple[str, str]]:
    """entity -> (position, effective) of the member's latest seeded statement from `dataset`."""
    c = t.ledger_statements.c
    rows = conn.execute(sa.select(c.id, c.entity_id, c.position, c.effective, c.supersedes)
                        .where(c.member == member, c.source.startswith(f"{dataset}:"))
                        .order_by(c.log_index)).all()
    superseded = {r.supersedes for r in rows if r.supersedes}
    return {r.entity_id: (r.position, r.effective) for r in rows if r.id not in superseded}


def _listing(sanctions: list[dict], fallback: str, title: str) -> tuple[str, str, str]:
    """(effective date, legal basis, reasons) from the sanctions naming a record."""
    dates = [d for s in sanctions for d in (s.get("listingDate") or s.get("startDate") or [])
             if valid_date(d)]
    basis: list[str] = []
    reasons: list[str] = []
    for s in sanctions:
        for prop in ("program", "provisions", "authority"):
            basis.extend(v for v in s.get(prop, []) if v not in basis)
        reasons.extend(v for v in s.get("reason", []) if v not in reasons)
    return (min(dates) if dates else fallback, "; ".join(basis) or title,
            " ".join(reasons)[:MAX_REASONS])


def seed_from_store(store: Store, dataset: str,
                    keys: KeyStore | Path | None = None) -> SeedResult:
    """Record the publisher's statements for the latest edition of `dataset` (idempotent)."""
    pub = publishers().get(dataset)
    if pub is None:
        return SeedResult(dataset, None)  # an FtM file or other data: no publisher member
    latest = store.latest_editions().get(dataset)
    if latest is None:
        raise NotFoundError(f"no list {dataset!r} is loaded; import it first")
    ledger = Ledger(store, keys if keys is not None else Settings.from_env().home / "keys")
    member = ledger.ensure_publisher(pub)
    titles = {d.name: d.title for d in store.datasets()}
    evidence = [latest.content_hash] if _HEX64.match(latest.content_hash) else []
    result = SeedResult(dataset, member.id)
    with store.engine.connect() as conn:
        sanctions = _sanctions(conn, dataset, latest.id)
        first = _first_dates(conn, dataset)
        current = _current(conn, member.id, dataset)
        ee = st.edition_entities.c
        records = dict(conn.execute(sa.select(ee.entity_id, ee.caption)
                                    .where(ee.edition_id == latest.id)).all())
        refs = dict(conn.execute(
            sa.select(st.statements.c.entity_id, sa.func.min(st.statements.c.reference))
            .where(st.statements.c.dataset == dataset, st.statements.c.last_edition == latest.id)
            .group_by(st.statements.c.entity_id)).all())
    drafts = []
    for eid in sorted(records):
        held = current.get(eid)
        if held and held[0] == Position.LISTED:
            result.unchanged += 1
            continue
        effective, basis, reasons = _listing(sanctions.get(eid, []),
                                             first.get(eid, latest.list_date),
                                             titles.get(dataset, dataset))
        if held and held[1] >= effective:  # listed again after a delisting
            effective = latest.list_date
        drafts.append(Draft(member.id, eid, Position.LISTED, basis, effective, reasons=reasons,
                            evidence=evidence, source=refs.get(eid, f"{dataset}:{eid}")))
        result.listed += 1
    for eid, (position, since) in sorted(current.items()):
        if eid not in records and position == Position.LISTED:
            drafts.append(Draft(member.id, eid, Position.NOT_LISTED,
                                f"removed from {titles.get(dataset, dataset)}",
                                max(latest.list_date, since), evidence=evidence,
                                source=f"{dataset}:{eid}",
                                reasons=f"not in the edition of {latest.list_date}"))
            result.delisted += 1
    if drafts:
        ledger.record(*drafts)
    return result
