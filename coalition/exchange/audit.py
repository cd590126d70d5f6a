"""The tamper-evident audit log: a hash chain over every write and every restricted read.

Entry n stores `hash = SHA-256(prev_hash || canonical(entry))` where `prev_hash` is entry
n-1's hash (64 zeros for the first). Changing, inserting or deleting any entry breaks every
hash after it, which `verify` reports with the first sequence number that no longer checks.
Appends are serialised: an advisory lock on PostgreSQL, the database write lock on SQLite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.exchange.policy import Principal
from coalition.exchange.tables import audit
from coalition.ledger.canonical import canonical

GENESIS = "0" * 64
_LOCK_KEY = 0x0C0A11710  # the chain's PostgreSQL advisory lock


@dataclass(frozen=True)
class AuditEntry:
    """One link of the chain."""

    seq: int
    at: str
    actor_member: str | None
    actor_user: str | None
    action: str
    item_id: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor_member": self.actor_member,
                "actor_user": self.actor_user, "action": self.action, "item_id": self.item_id,
                "detail": self.detail}


@dataclass(frozen=True)
class AuditReport:
    """The result of checking the whole chain."""

    entries: int
    ok: bool
    first_bad: int | None = None
    reason: str = ""
    head: str = GENESIS


def link_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(body)).hexdigest()


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    else:  # a write statement takes SQLite's write lock for the rest of the transaction
        conn.execute(audit.delete().where(sa.false()))


def append(conn: Connection, at: datetime, actor: Principal | None, action: str,
           item_id: str | None = None, **detail: Any) -> AuditEntry:
    """Add an entry to the chain inside the caller's transaction."""
    _lock(conn)
    last = conn.execute(
        sa.select(audit.c.seq, audit.c.hash).order_by(audit.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
    entry = AuditEntry(seq=seq, at=at.isoformat(), actor_member=actor.member if actor else None,
                       actor_user=actor.user if actor else None, action=action,
                       item_id=item_id, detail=detail, prev_hash=prev, hash="")
    digest = link_hash(prev, entry.body())
    conn.execute(audit.insert().values(
        seq=seq, at=entry.at, actor_member=entry.actor_member, actor_user=entry.actor_user,
        action=action, item_id=item_id, detail=canonical(detail).decode(), prev_hash=prev,
        hash=digest))
    return AuditEntry(**{**entry.__dict__, "hash": digest})


def _entry(row: sa.Row) -> AuditEntry:
    return AuditEntry(seq=row.seq, at=row.at, actor_member=row.actor_member,
                      actor_user=row.actor_user, action=row.action, item_id=row.item_id,
                      detail=orjson.loads(row.detail), prev_hash=row.prev_hash, hash=row.hash)


def entries(conn: Connection, after: int = 0, limit: int = 1000) -> list[AuditEntry]:
    rows = conn.execute(sa.select(audit).where(audit.c.seq > after)
                        .order_by(audit.c.seq).limit(limit))
    return [_entry(r) for r in rows]


def _all(conn: Connection, chunk: int = 5000) -> Iterator[AuditEntry]:
    after = 0
    while batch := entries(conn, after, chunk):
        yield from batch
        after = batch[-1].seq


def verify(conn: Connection) -> AuditReport:
    """Recompute the chain from the first entry; report the first link that does not check."""
    prev, count = GENESIS, 0
    for entry in _all(conn):
        count += 1
        if entry.seq != count:
            return AuditReport(count - 1, False, entry.seq,
                               f"sequence jumps to {entry.seq} after {count - 1}", prev)
        if entry.prev_hash != prev:
            return AuditReport(count - 1, False, entry.seq,
                               "prev_hash does not match the previous entry's hash", prev)
        if link_hash(prev, entry.body()) != entry.hash:
            return AuditReport(count - 1, False, entry.seq,
                               "entry content does not match its hash (altered)", prev)
        prev = entry.hash
    return AuditReport(count, True, head=prev)
