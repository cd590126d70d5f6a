"""Events and the outbox: written in the same transaction as the change they announce.

Every event addressed to a member becomes a row of `exchange_events` (the member's cursor
stream, read by polls and the live stream) and, when the member has a webhook endpoint, a row
of `exchange_outbox` with a fresh delivery id that the delivery worker sends until the
receiver accepts it. Nothing is sent from inside a request: a crash after commit loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.exchange.clock import ordered_id
from coalition.exchange.tables import endpoints, events, outbox, recipients


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
    seqs = conn.execute(
        events.insert().returning(events.c.seq),
        [{"member": m, "item_id": item_id, "event": event, "at": at} for m in targets],
    ).scalars().all()
    return _queue(conn, at, seqs)


def emit_to_recipients(conn: Connection, at: datetime, item_id: str, event: str) -> int:
    """`emit` to every recipient member of the item, the events made from its recipients'
    rows in the database (no row built here, however many members). On PostgreSQL the events
    and their outbox rows are one statement (the outbox rows made from the events' RETURNING
    in a data-modifying WITH), one round trip instead of two and no sequence numbers sent
    back and forth."""
    r, e = recipients.c, events.c
    new_events = events.insert().from_select(
        ["member", "item_id", "event", "at"],
        sa.select(r.member, r.item_id, sa.literal(event, sa.String),
                  sa.bindparam("at", at, type_=e.at.type))
        .where(r.item_id == item_id).order_by(r.member))
    if conn.dialect.name == "postgresql":
        made = new_events.returning(e.seq, e.member, e.item_id, e.event).cte("made")
        queued = outbox.insert().from_select(OUTBOX_COLUMNS, _outbox_rows(made.c, at)) \
            .returning(outbox.c.event_seq).cte("queued")
        return int(conn.execute(sa.select(sa.func.count()).select_from(made)
                                .add_cte(queued)).scalar_one())
    seqs = conn.execute(new_events.returning(e.seq)).scalars().all()
    return _queue(conn, at, seqs)


OUTBOX_COLUMNS = ["delivery_id", "event_seq", "member", "item_id", "event", "status",
                  "created_at", "next_attempt_at", "attempts"]


def _outbox_rows(e: sa.ColumnCollection[str, Any], at: datetime) -> sa.Select[Any]:
    """The outbox rows of the events in `e`, for the members that have a webhook endpoint.
    A delivery id is a time-ordered prefix made once here and the event's sequence number:
    unique, and the outbox's key grows at its end."""
    when = sa.bindparam("at", at, type_=outbox.c.created_at.type)
    return (sa.select(sa.literal(f"{ordered_id()[:20]}-", sa.String) + sa.cast(e.seq, sa.String),
                      e.seq, e.member, e.item_id, e.event, sa.literal("pending", sa.String),
                      when, when, sa.literal(0, sa.Integer))
            .join(endpoints, endpoints.c.member == e.member))


def _queue(conn: Connection, at: datetime, seqs: Sequence[int]) -> int:
    """The outbox rows of these events, made in the database in one statement."""
    if not seqs:
        return 0
    conn.execute(outbox.insert().from_select(
        OUTBOX_COLUMNS, _outbox_rows(events.c, at).where(events.c.seq.in_(seqs))))
    return len(seqs)


def pending_count(conn: Connection) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(outbox)
                        .where(outbox.c.status == "pending")).scalar_one()
