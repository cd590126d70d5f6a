"""Every way to read the exchange — list, get, search, poll, the live stream, audit views and
the bodies of webhook notifications — each through `access.readable`, i.e. `policy.allowed`.

Reads of restricted items (TLP:AMBER, AMBER+STRICT, RED) are written to the audit chain.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.errors import NotFoundError, UsageError
from coalition.exchange import access, audit, directory
from coalition.exchange.clock import aware
from coalition.exchange.items import View
from coalition.exchange.policy import Guarded, Principal, allowed, audit_visible
from coalition.exchange.tables import events, items, recipients, replies
from coalition.exchange.tlp import TLP

if TYPE_CHECKING:
    from coalition.exchange.clock import Clock

RESTRICTED = (TLP.AMBER, TLP.AMBER_STRICT, TLP.RED)
MAX_PAGE = 1000


def _iso(value: datetime | None) -> str | None:
    return aware(value).isoformat() if value is not None else None  # type: ignore[union-attr]


def request_state(row: Any, questions: int, replied: list[Any], audience: Iterable[str],
                  now: datetime) -> str:
    """open, answered, overdue or closed: answered once every question has a full or negative
    answer, or a reply from every recipient."""
    if row.closed_at is not None or row.retracted_at is not None:
        return "closed"
    members = set(audience)
    done = 0
    for q in range(1, questions + 1):
        mine = [r for r in replied if r.question == q]
        if any(r.status in ("answer", "negative") for r in mine) or (
                members and {r.member for r in mine} >= members):
            done += 1
    if done == questions:
        return "answered"
    if row.due and row.due[:10] < now.date().isoformat():
        return "overdue"
    return "open"


class ReadPaths:
    """The read side of `ExchangeService`."""

    engine: sa.Engine
    clock: Clock

    # -- helpers -----------------------------------------------------------------------------

    def _audit_reads(self, conn: Connection, principal: Principal, loaded: list[access.Loaded],
                     via: str) -> None:
        for item in loaded:
            if item.guarded.tlp in RESTRICTED:
                audit.append(conn, self.clock.now(), principal, "item.read", item.row.id, via=via)

    def _replies(self, conn: Connection, principal: Principal, item: access.Loaded
                 ) -> tuple[list[dict[str, Any]], str]:
        rows = conn.execute(sa.select(replies).where(replies.c.request_id == item.row.id)
                            .order_by(replies.c.at, replies.c.id)).all()
        shown = []
        for r in rows:
            guard = Guarded(id=r.id, tlp=item.guarded.tlp, originator=r.member, author=r.author,
                            audience=frozenset({item.row.originator}),
                            named_users=frozenset({item.row.author}))
            if allowed(principal, guard) and allowed(principal, item.guarded):
                shown.append({"id": r.id, "member": r.member, "question": r.question,
                              "status": r.status, "text": r.text,
                              "at": _iso(r.at)})
        questions = len(access.payload_of(item.row).get("questions", []))
        state = request_state(item.row, questions, rows, item.recipients, self.clock.now())
        return shown, state

    def _views(self, conn: Connection, principal: Principal,
               loaded: list[access.Loaded]) -> list[View]:
        out = []
        for item in loaded:
            extra: dict[str, Any] = {}
            if item.row.kind == "request":
                extra["replies"], extra["request_state"] = self._replies(conn, principal, item)
            out.append(item.view(principal, **extra))
        return out

    def _mark(self, conn: Connection, principal: Principal, ids: list[str], state: str) -> None:
        """Move the principal's member's recipient state forward (never back)."""
        if not ids:
            return
        now = self.clock.now()
        r = recipients.c
        earlier = ["pending"] if state == "delivered" else ["pending", "delivered"]
        values: dict[str, Any] = {"state": state,
                                  "delivered_at": sa.func.coalesce(r.delivered_at, now)}
        if state == "read":
            values["read_at"] = now
        conn.execute(recipients.update().where(r.item_id.in_(ids), r.member == principal.member,
                                               r.state.in_(earlier)).values(**values))

    # -- list, get, search -----------------------------------------------------------------

    def list_items(self, principal: Principal, *, kind: str | None = None,
                   text: str | None = None, limit: int = 100, offset: int = 0,
                   group: str | None = None, added_after: datetime | None = None) -> list[View]:
        """Items the principal may read, newest first."""
        if not 1 <= limit <= MAX_PAGE:
            raise UsageError(f"limit {limit} must be between 1 and {MAX_PAGE}")
        with self.engine.begin() as conn:
            directory.check_principal(conn, principal)
            query = sa.select(items.c.id).where(items.c.id.in_(access.candidates(principal)))
            if kind:
                query = query.where(items.c.kind == kind)
            if group:
                query = query.where(items.c.group_id == group)
            if added_after:
                query = query.where(items.c.issued_at > added_after)
            if text:
                pattern = f"%{text.lower()}%"
                query = query.where(sa.or_(sa.func.lower(items.c.title).like(pattern),
                                           sa.func.lower(items.c.payload).like(pattern)))
            ids = conn.execute(query.order_by(items.c.issued_at.desc(), items.c.id)
                               .limit(limit).offset(offset)).scalars().all()
            loaded = access.readable(conn, principal, ids)
            self._audit_reads(conn, principal, loaded, "search" if text else "list")
            return self._views(conn, principal, loaded)

    def search(self, principal: Principal, text: str, limit: int = 100) -> list[View]:
        if not text.strip():
            raise UsageError("search for some text")
        return self.list_items(principal, text=text.strip(), limit=limit)

    def get(self, principal: Principal, item_id: str) -> View:
        """One item; a recipient's reading moves its state to `read`."""
        with self.engine.begin() as conn:
            directory.check_principal(conn, principal)
            loaded = access.readable(conn, principal, [item_id])
            if not loaded:
                raise NotFoundError(f"no item {item_id!r} that you may read")
            if principal.user is not None:
                self._mark(conn, principal, [item_id], "read")
            self._audit_reads(conn, principal, loaded, "get")
            return self._views(conn, principal, access.readable(conn, principal, [item_id]))[0]

    def readable_items(self, principal: Principal, ids: Iterable[str], via: str) -> list[View]:
        """Views of the readable ones among `ids` (for exports): audited like any read."""
        with self.engine.begin() as conn:
            directory.check_principal(conn, principal)
            loaded = access.readable(conn, principal, ids)
            self._audit_reads(conn, principal, loaded, via)
            return self._views(conn, principal, loaded)

    def recipients_of(self, principal: Principal, item_id: str) -> list[dict[str, Any]]:
        """Per-recipient states of an item (delivered, read, acknowledged), for its originator."""
        with self.engine.connect() as conn:
            loaded = access.readable(conn, principal, [item_id])
            if not loaded or loaded[0].row.originator != principal.member:
                raise NotFoundError(f"no item {item_id!r} of yours")
            return [{"member": m, "via": r.via, "state": r.state,
                     "delivered_at": _iso(r.delivered_at), "read_at": _iso(r.read_at),
                     "acknowledged_at": _iso(r.acknowledged_at), "deadline": _iso(r.deadline),
                     "escalated_at": _iso(r.escalated_at)}
                    for m, r in sorted(loaded[0].recipients.items())]

    # -- cursor poll and live stream -----------------------------------------------------

    def poll(self, principal: Principal, cursor: int = 0,
             limit: int = 100) -> tuple[list[dict[str, Any]], int]:
        """Events for the principal's member after `cursor`: (messages, next cursor). Events
        about items the principal may not read (a RED item for another user) are skipped."""
        if not 1 <= limit <= MAX_PAGE:
            raise UsageError(f"limit {limit} must be between 1 and {MAX_PAGE}")
        with self.engine.begin() as conn:
            directory.check_principal(conn, principal)
            rows = conn.execute(sa.select(events).where(events.c.member == principal.member,
                                                        events.c.seq > cursor)
                                .order_by(events.c.seq).limit(limit)).all()
            if not rows:
                return [], cursor
            loaded = {x.row.id: x for x in access.readable(conn, principal,
                                                           [r.item_id for r in rows])}
            self._mark(conn, principal, list(loaded), "delivered")
            self._audit_reads(conn, principal, list(loaded.values()), "poll")
            views = {v.id: v for v in self._views(conn, principal, list(loaded.values()))}
            out = [{"seq": r.seq, "event": r.event, "at": _iso(r.at),
                    "item": views[r.item_id].to_dict()} for r in rows if r.item_id in views]
            return out, rows[-1].seq

    async def stream(self, principal: Principal, cursor: int = 0,
                     interval: float = 0.5) -> AsyncIterator[dict[str, Any]]:
        """The live stream (Server-Sent Events' source): messages as they come, forever."""
        while True:
            batch, cursor = await asyncio.to_thread(self.poll, principal, cursor)
            for message in batch:
                yield message
            if not batch:
                await asyncio.sleep(interval)

    # -- audit ---------------------------------------------------------------------------

    def audit_entries(self, principal: Principal, after: int = 0,
                      limit: int = 100) -> list[audit.AuditEntry]:
        """The audit entries the principal may see: its member's actions, and what was done
        with items its member originated (where it may read them)."""
        with self.engine.connect() as conn:
            directory.check_principal(conn, principal)
            out: list[audit.AuditEntry] = []
            while len(out) < limit:
                batch = audit.entries(conn, after, 500)
                if not batch:
                    break
                loaded = access.load(conn, [e.item_id for e in batch if e.item_id])
                for e in batch:
                    item = loaded[e.item_id].guarded if e.item_id in loaded else None
                    if e.item_id and item is None:
                        continue
                    if audit_visible(principal, e.actor_member, item):
                        out.append(e)
                after = batch[-1].seq
            return out[:limit]

    def verify_audit(self) -> audit.AuditReport:
        with self.engine.connect() as conn:
            return audit.verify(conn)

    # -- notification bodies ---------------------------------------------------------------

    def notification_bodies(self, conn: Connection, member: str,
                            item_ids: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        """What a member's endpoint may be sent about each item: the view, or None (withheld:
        the endpoint gets the event and the id, never the content, e.g. of TLP:RED)."""
        return self.notifications(conn, {member: list(item_ids)})[member]

    def notifications(self, conn: Connection, wanted: dict[str, list[str]]
                      ) -> dict[str, dict[str, dict[str, Any] | None]]:
        """`notification_bodies` for many members at once: each item is loaded and rendered
        once, and the policy is asked per member and item."""
        loaded = access.load(conn, {i for ids in wanted.values() for i in ids})
        rendered: dict[str, dict[str, Any]] = {}
        out: dict[str, dict[str, dict[str, Any] | None]] = {}
        for member, ids in wanted.items():
            endpoint = Principal(member)
            mine: dict[str, dict[str, Any] | None] = {}
            for item_id in dict.fromkeys(ids):
                item = loaded.get(item_id)
                if item is None or not allowed(endpoint, item.guarded):
                    mine[item_id] = None
                elif item.row.kind == "request":  # replies shown depend on the member
                    mine[item_id] = self._views(conn, endpoint, [item])[0].to_dict()
                else:
                    if item_id not in rendered:
                        rendered[item_id] = item.view(Principal(item.row.originator)).to_dict()
                        rendered[item_id]["state"] = None
                    mine[item_id] = rendered[item_id]
            out[member] = mine
        return out
