"""The delivery worker: sends the outbox to members' webhooks until each delivery is accepted.

A pass claims due rows with a lease (so that several workers, or a worker restarted after a
crash, never send a row another one holds), groups them per member into one signed POST of
at most `batch` deliveries, sends the members' POSTs in parallel, and records each outcome.
A failed POST is retried with exponential backoff and jitter (1 s doubling to 5 min) until
`give_up_after`; a receiver that is down for an hour gets everything when it is back. A worker
killed mid-POST leaves leased rows that another worker takes once the lease expires: a POST
may then be repeated, with the same delivery ids, which receivers deduplicate on.

How many deliveries a crash can repeat is bounded by design: a POST's outcome is recorded
before another POST takes its place in the window of `parallel`, so at any moment at most
`parallel` POSTs of at most `batch` deliveries are sent but unrecorded. Claimed rows that wait
to be sent are never repeated (nobody sent them); while a worker holds rows it renews their
leases every third of the lease, and it never claims a row it already holds, so a row held
longer than one lease (a slow receiver, a loaded machine) is not sent a second time.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import defaultdict, deque
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

Post = tuple[str, str, str, list[Any], bytes]  # member, url, secret, outbox rows, body
Window = dict[Future[Response], list[Any]]  # POSTs in flight and their outbox rows


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
                 give_up_after: timedelta = timedelta(days=3), claim_every: float = 0.05) -> None:
        self.service = service
        self.engine = service.engine
        self.transport = transport
        self.clock = clock or SystemClock()
        self.owner = owner or f"w-{uuid.uuid4().hex[:12]}"
        self.batch, self.lease, self.parallel = batch, lease, parallel
        self.claim_size = claim or max(parallel * batch, 50)
        self.give_up_after = give_up_after
        self.claim_every = claim_every  # at most one claim this often while POSTs are in flight
        self.renew_every = lease.total_seconds() / 3
        self._renewed = 0.0  # monotonic time the held rows' leases were last renewed
        self.pool = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="deliver")
        self.stopping = threading.Event()

    def close(self) -> None:
        """Stop the POST threads and close the transport (the worker owns it)."""
        self.pool.shutdown(wait=True)
        self.transport.close()

    def _claim(self, now: datetime) -> list[Any]:
        """Lease due rows to this worker; rows it already holds are never claimed again, even
        when their lease ran out while they waited or were being sent."""
        o = outbox.c
        due = (sa.select(o.delivery_id)
               .where(o.status == "pending", o.next_attempt_at <= now,
                      sa.or_(o.lease_until.is_(None), o.lease_until < now),
                      o.lease_owner.is_distinct_from(self.owner))
               .order_by(o.event_seq).limit(self.claim_size))
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True)
            rows = conn.execute(
                outbox.update().where(o.delivery_id.in_(due.scalar_subquery()))
                .values(lease_owner=self.owner, lease_until=now + self.lease)
                .returning(o.delivery_id, o.event_seq, o.member, o.item_id, o.event,
                           o.attempts, o.created_at)).all()
        return sorted(rows, key=lambda r: r.event_seq)

    def _renew(self, window: Window, backlog: deque[Post]) -> None:
        """Extend the leases of the rows this worker holds (in flight or waiting to be sent)."""
        ids = [r.delivery_id for rows in window.values() for r in rows]
        ids += [r.delivery_id for post in backlog for r in post[3]]
        o = outbox.c
        with self.engine.begin() as conn:
            for start in range(0, len(ids), 500):
                conn.execute(outbox.update().where(o.delivery_id.in_(ids[start:start + 500]),
                                                   o.lease_owner == self.owner)
                             .values(lease_until=self.clock.now() + self.lease))

    def _bodies(self, rows: list[Any]) -> list[Post]:
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

    def _start(self, window: Window, backlog: deque[Post]) -> None:
        """Start POSTs from the backlog while the window has room."""
        while backlog and len(window) < self.parallel:
            _, url, secret, chunk, body = backlog.popleft()
            window[self.pool.submit(self._send, url, secret, body)] = chunk

    def _finish(self, window: Window, backlog: deque[Post], result: PassResult,
                timeout: float | None) -> None:
        """Wait (at most `timeout`, and never past the next lease renewal) for POSTs to finish
        and record their outcomes together."""
        due = self._renewed + self.renew_every - time.monotonic()
        if due <= 0:
            self._renew(window, backlog)
            self._renewed = time.monotonic()
            due = self.renew_every
        finished, _ = wait(window, timeout=due if timeout is None else min(timeout, due),
                           return_when=FIRST_COMPLETED)
        outcomes = [(window.pop(f), f.result()) for f in finished]
        if not outcomes:
            return
        self._record(outcomes)
        for chunk, reply in outcomes:
            if reply.ok:
                result.delivered += len(chunk)
            else:
                result.failed += len(chunk)

    def run_once(self) -> PassResult:
        """Claim, send and record one batch of due deliveries; each POST's outcome is recorded
        as soon as it is known, so a crash repeats at most the POSTs then in flight."""
        rows = self._claim(self.clock.now())
        self._renewed = time.monotonic()
        result = PassResult(claimed=len(rows))
        if not rows:
            return result
        backlog = deque(self._bodies(rows))
        result.posts = len(backlog)
        # a window of `parallel` POSTs: new ones start only once the finished ones' outcomes
        # are recorded, so a crash leaves at most `parallel` POSTs sent but unrecorded
        window: Window = {}
        while backlog or window:
            self._start(window, backlog)
            self._finish(window, backlog, result, None)
        return result

    def _record(self, outcomes: list[tuple[list[Any], Response]]) -> None:
        """Record the outcomes of finished POSTs in one transaction: delivered rows, the
        recipients' states, and each failed row's next attempt."""
        done_at = self.clock.now()
        o, rc = outbox.c, recipients.c
        delivered = [r for chunk, reply in outcomes if reply.ok for r in chunk]
        failed = [(r, reply) for chunk, reply in outcomes if not reply.ok for r in chunk]
        with self.engine.begin() as conn:
            for start in range(0, len(delivered), 500):
                part = delivered[start:start + 500]
                conn.execute(outbox.update().where(o.delivery_id.in_([r.delivery_id
                                                                       for r in part]),
                                                   o.lease_owner == self.owner)
                             .values(status="delivered", delivered_at=done_at,
                                     attempts=o.attempts + 1, lease_owner=None,
                                     lease_until=None, last_error=None))
            states = {(r.member, r.item_id) for r in delivered}
            if states:
                conn.execute(
                    recipients.update().where(rc.member == sa.bindparam("m"),
                                              rc.item_id == sa.bindparam("i"),
                                              rc.state == "pending")
                    .values(state="delivered", delivered_at=done_at),
                    [{"m": m, "i": i} for m, i in sorted(states)])
            if failed:
                conn.execute(
                    outbox.update().where(o.delivery_id == sa.bindparam("d"),
                                          o.lease_owner == self.owner)
                    .values(attempts=sa.bindparam("n"), last_error=sa.bindparam("e"),
                            lease_owner=None, lease_until=None, status=sa.bindparam("s"),
                            next_attempt_at=sa.bindparam("t")),
                    [self._retry(row, reply, done_at) for row, reply in failed])

    def _retry(self, row: Any, reply: Response, done_at: datetime) -> dict[str, Any]:
        attempts = row.attempts + 1
        age = done_at - aware(row.created_at)  # type: ignore[operator]
        return {"d": row.delivery_id, "n": attempts,
                "e": (reply.error or f"HTTP {reply.status}")[:1000],
                "s": "failed" if age > self.give_up_after else "pending",
                "t": done_at + timedelta(seconds=backoff(attempts))}

    def run(self, *, idle: float = 0.02, until_empty: bool = False,
            max_seconds: float | None = None) -> PassResult:
        """Deliver until stopped (or, with `until_empty`, until nothing is due).

        Claiming overlaps sending: whenever the window has room and no built POST waits, due
        rows are claimed again, so new deliveries never wait for the slowest POST of an
        earlier claim. On stopping, POSTs in flight are finished and recorded and the leases
        of the ones not started are released."""
        total = PassResult()
        started = time.monotonic()
        backlog: deque[Post] = deque()
        window: Window = {}
        last_claim = 0.0
        try:
            while not self.stopping.is_set():
                if max_seconds is not None and time.monotonic() - started > max_seconds:
                    break
                claimed = 0
                if not backlog and len(window) < self.parallel and (
                        not window or time.monotonic() - last_claim >= self.claim_every):
                    last_claim = time.monotonic()
                    rows = self._claim(self.clock.now())
                    if not window and not backlog:
                        self._renewed = last_claim  # nothing else held: the claim's lease is new
                    claimed = len(rows)
                    if rows:
                        posts = self._bodies(rows)
                        total.claimed += claimed
                        total.posts += len(posts)
                        backlog.extend(posts)
                self._start(window, backlog)
                if window:
                    self._finish(window, backlog, total, None if backlog or claimed else
                                 max(0.0, last_claim + self.claim_every - time.monotonic()))
                elif until_empty:
                    break
                else:
                    self.stopping.wait(idle)
        finally:
            while window:
                self._finish(window, backlog, total, None)
            self._release([row for post in backlog for row in post[3]])
        return total

    def _release(self, rows: list[Any]) -> None:
        """Give back the leases of claimed rows that were not sent."""
        o = outbox.c
        ids = [r.delivery_id for r in rows]
        with self.engine.begin() as conn:
            for start in range(0, len(ids), 500):
                conn.execute(outbox.update().where(o.delivery_id.in_(ids[start:start + 500]),
                                                   o.lease_owner == self.owner)
                             .values(lease_owner=None, lease_until=None))
