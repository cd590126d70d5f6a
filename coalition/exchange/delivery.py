"""The delivery worker: sends the outbox to members' webhooks until each delivery is accepted.

A pass claims due rows with a lease (so that several workers, or a worker restarted after a
crash, never send a row another one holds), groups them per member into one signed POST of
at most `batch` deliveries, sends the members' POSTs in parallel, and records each outcome.
A failed POST is retried with exponential backoff and jitter (1 s doubling to 5 min) until
`give_up_after`; a receiver that is down for an hour gets everything when it is back. A worker
killed mid-POST leaves leased rows that another worker takes once the lease expires: a POST
may then be repeated, with the same delivery ids, which receivers deduplicate on.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa

from coalition.exchange.clock import Clock, SystemClock, aware
from coalition.exchange.directory import endpoints_of
from coalition.exchange.reads import ReadPaths
from coalition.exchange.signing import webhook_signature
from coalition.exchange.tables import outbox, recipients
from coalition.exchange.transport import Response, Transport

MAX_BACKOFF = 300.0


def backoff(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds before retry number `attempts` (1, 2, 4 … 300), with up to 20% jitter."""
    base = min(MAX_BACKOFF, 2.0 ** max(0, attempts - 1))
    return base * (1 + 0.2 * (rng or random).random())


@dataclass
class PassResult:
    """What one pass of the worker did."""

    claimed: int = 0
    delivered: int = 0
    failed: int = 0
    posts: int = 0


class DeliveryWorker:
    """Sends due outbox rows; `run_once` for one pass, `run` as a long-lived worker."""

    def __init__(self, service: ReadPaths, transport: Transport, *, clock: Clock | None = None,
                 owner: str | None = None, batch: int = 100, claim: int | None = None,
                 lease: timedelta = timedelta(seconds=30), parallel: int = 16,
                 give_up_after: timedelta = timedelta(days=3)) -> None:
        self.service = service
        self.engine = service.engine
        self.transport = transport
        self.clock = clock or SystemClock()
        self.owner = owner or f"w-{uuid.uuid4().hex[:12]}"
        self.batch, self.lease, self.parallel = batch, lease, parallel
        self.claim_size = claim or max(parallel * batch, 50)
        self.give_up_after = give_up_after
        self.pool = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="deliver")
        self.stopping = threading.Event()

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    def _claim(self, now: datetime) -> list[Any]:
        o = outbox.c
        due = (sa.select(o.delivery_id)
               .where(o.status == "pending", o.next_attempt_at <= now,
                      sa.or_(o.lease_until.is_(None), o.lease_until < now))
               .order_by(o.event_seq).limit(self.claim_size))
        until = now + self.lease
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True)
            conn.execute(outbox.update().where(o.delivery_id.in_(due.scalar_subquery()))
                         .values(lease_owner=self.owner, lease_until=until))
            return conn.execute(sa.select(outbox).where(o.lease_owner == self.owner,
                                                        o.lease_until == until,
                                                        o.status == "pending")
                                .order_by(o.event_seq)).all()

    def _bodies(self, rows: list[Any]) -> list[tuple[str, str, str, list[Any], bytes]]:
        """(member, url, secret, rows, body) per POST to send."""
        per_member: dict[str, list[Any]] = defaultdict(list)
        for row in rows:
            per_member[row.member].append(row)
        posts = []
        with self.engine.connect() as conn:
            hooks = endpoints_of(conn, set(per_member))
            bodies = self.service.notifications(conn, {
                m: [r.item_id for r in mine] for m, mine in per_member.items() if m in hooks})
        for member, mine in per_member.items():
            if member not in hooks:
                continue
            url, secret = hooks[member]
            for start in range(0, len(mine), self.batch):
                chunk = mine[start:start + self.batch]
                deliveries = [{"delivery_id": r.delivery_id, "seq": r.event_seq,
                               "event": r.event, "item_id": r.item_id,
                               "withheld": bodies[member][r.item_id] is None,
                               "item": bodies[member][r.item_id]} for r in chunk]
                body = orjson.dumps({"member": member, "deliveries": deliveries})
                posts.append((member, url, secret, chunk, body))
        return posts

    def _send(self, url: str, secret: str, body: bytes) -> Response:
        msg_id = f"msg_{uuid.uuid4().hex}"
        ts = int(time.time())
        headers = {"content-type": "application/json", "webhook-id": msg_id,
                   "webhook-timestamp": str(ts),
                   "webhook-signature": webhook_signature(secret, msg_id, ts, body)}
        return self.transport.post(url, headers, body)

    def run_once(self) -> PassResult:
        """Claim, send and record one batch of due deliveries; each POST's outcome is recorded
        as soon as it is known, so a crash repeats at most the POSTs then in flight."""
        rows = self._claim(self.clock.now())
        result = PassResult(claimed=len(rows))
        if not rows:
            return result
        posts = self._bodies(rows)
        result.posts = len(posts)
        # a window of `parallel` POSTs: a new one starts only once an outcome is recorded, so
        # a crash leaves at most `parallel` POSTs sent but unrecorded
        pending: dict[Future[Response], list[Any]] = {}
        queue = iter(posts)
        while True:
            while len(pending) < self.parallel:
                nxt = next(queue, None)
                if nxt is None:
                    break
                _, url, secret, chunk, body = nxt
                pending[self.pool.submit(self._send, url, secret, body)] = chunk
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk, reply = pending.pop(future), future.result()
                self._record(chunk, reply)
                if reply.ok:
                    result.delivered += len(chunk)
                else:
                    result.failed += len(chunk)
        return result

    def _record(self, chunk: list[Any], reply: Response) -> None:
        done_at = self.clock.now()
        o, rc = outbox.c, recipients.c
        ids = [r.delivery_id for r in chunk]
        with self.engine.begin() as conn:
            if reply.ok:
                conn.execute(outbox.update().where(o.delivery_id.in_(ids),
                                                   o.lease_owner == self.owner)
                             .values(status="delivered", delivered_at=done_at,
                                     attempts=o.attempts + 1, lease_owner=None,
                                     lease_until=None, last_error=None))
                conn.execute(recipients.update().where(
                    rc.member == chunk[0].member, rc.item_id.in_({r.item_id for r in chunk}),
                    rc.state == "pending").values(state="delivered", delivered_at=done_at))
                return
            error = (reply.error or f"HTTP {reply.status}")[:1000]
            for row in chunk:
                attempts = row.attempts + 1
                age = done_at - aware(row.created_at)  # type: ignore[operator]
                conn.execute(outbox.update().where(o.delivery_id == row.delivery_id,
                                                   o.lease_owner == self.owner).values(
                    attempts=attempts, last_error=error, lease_owner=None, lease_until=None,
                    status="failed" if age > self.give_up_after else "pending",
                    next_attempt_at=done_at + timedelta(seconds=backoff(attempts))))

    def run(self, *, idle: float = 0.02, until_empty: bool = False,
            max_seconds: float | None = None) -> PassResult:
        """Pass after pass until stopped (or, with `until_empty`, until nothing is due)."""
        total = PassResult()
        started = time.monotonic()
        while not self.stopping.is_set():
            r = self.run_once()
            for name in ("claimed", "delivered", "failed", "posts"):
                setattr(total, name, getattr(total, name) + getattr(r, name))
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                break
            if r.claimed == 0:
                if until_empty:
                    break
                self.stopping.wait(idle)
        return total
