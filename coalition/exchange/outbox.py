"""Events and the outbox: written in the same transaction as the change they announce.

Every event addressed to a member becomes a row of `exchange_events` (the member's cursor
stream, read by polls and the live stream) and, when the member has a webhook endpoint, a row
of `exchange_outbox` with a fresh delivery id that the delivery worker sends until the
receiver accepts it. Nothing is sent from inside a request: a crash after commit loses nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.exchange.directory import endpoints_of
from coalition.exchange.tables import events, outbox


class Event:
    """The kinds of event a member can be told about."""

    WARNING = "warning"
    REQUEST = "request"
    REPLY = "reply"
    RETRACTION = "retraction"
    CLOSURE = "closure"
    ESCALATION = "escalation"
    CONSENT = "consent-request"


def emit(conn: Connection, at: datetime, item_id: str, event: str,
         members: Iterable[str]) -> int:
    """Record `event` about `item_id` for each member and queue its webhook deliveries."""
    targets = sorted(set(members))
    if not targets:
        return 0
    rows = conn.execute(
        events.insert().returning(events.c.seq, events.c.member),
        [{"member": m, "item_id": item_id, "event": event, "at": at} for m in targets],
    ).all()
    hooks = endpoints_of(conn, set(targets))
    queued = [
        {"delivery_id": uuid.uuid4().hex, "event_seq": seq, "member": member,
         "item_id": item_id, "event": event, "status": "pending", "created_at": at,
         "next_attempt_at": at, "attempts": 0}
        for seq, member in rows if member in hooks
    ]
    if queued:
        conn.execute(outbox.insert(), queued)
    return len(rows)


def pending_count(conn: Connection) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(outbox)
                        .where(outbox.c.status == "pending")).scalar_one()
