"""Loading what the policy decides on: items with their audience and named users, in batches.

Every read path goes through `readable`, which loads candidate items and keeps those that
`policy.allowed` permits; views are built only from what it returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.exchange.clock import aware
from coalition.exchange.items import View, guarded_of, payload_of
from coalition.exchange.policy import Guarded, Principal, allowed
from coalition.exchange.tables import events, items, named_users, recipients
from coalition.exchange.tlp import TLP


@dataclass(frozen=True)
class Loaded:
    """An item row with the policy's facts and its recipients' rows."""

    row: Any
    guarded: Guarded
    recipients: dict[str, Any]

    def view(self, principal: Principal, **extra: Any) -> View:
        row = self.row
        mine = self.recipients.get(principal.member)
        return View(
            id=row.id, kind=row.kind, originator=row.originator, author=row.author,
            tlp=TLP(row.tlp), title=row.title, issued_at=aware(row.issued_at),  # type: ignore[arg-type]
            payload=payload_of(row), signature=row.signature, origin=row.origin,
            group=row.group_id, audience=tuple(sorted(self.guarded.audience)),
            retracted_at=aware(row.retracted_at), retraction_reason=row.retraction_reason,
            closed_at=aware(row.closed_at), state=mine.state if mine is not None else None,
            extra=extra,
        )


def load(conn: Connection, ids: Iterable[str]) -> dict[str, Loaded]:
    """The items with these ids (missing ones are simply absent)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    out: dict[str, Loaded] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = conn.execute(sa.select(items).where(items.c.id.in_(chunk))).all()
        recs: dict[str, dict[str, Any]] = defaultdict(dict)
        for r in conn.execute(sa.select(recipients).where(recipients.c.item_id.in_(chunk))):
            recs[r.item_id][r.member] = r
        named: dict[str, set[str]] = defaultdict(set)
        for r in conn.execute(sa.select(named_users).where(named_users.c.item_id.in_(chunk))):
            named[r.item_id].add(r.user_id)
        for row in rows:
            guarded = guarded_of(row, frozenset(recs[row.id]), frozenset(named[row.id]))
            out[row.id] = Loaded(row, guarded, recs[row.id])
    return out


def candidates(principal: Principal) -> sa.Select[Any]:
    """Ids of items the principal might read: a cheap pre-filter, never the decision itself.

    A member's items are found through its event stream: every recipient, whether named at
    issue or added by consent, is sent an event about the item in the same transaction."""
    told = sa.select(events.c.item_id).where(events.c.member == principal.member)
    return sa.select(items.c.id).where(sa.or_(
        items.c.originator == principal.member,
        items.c.id.in_(told),
        items.c.tlp == TLP.CLEAR.value,
    ))


def readable(conn: Connection, principal: Principal, ids: Iterable[str]) -> list[Loaded]:
    """The items among `ids` that the policy lets `principal` read, in the order of `ids`."""
    ordered = list(dict.fromkeys(ids))
    loaded = load(conn, ordered)
    return [loaded[i] for i in ordered if i in loaded and allowed(principal, loaded[i].guarded)]
