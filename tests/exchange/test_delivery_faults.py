"""Delivery that loses nothing: webhook receivers on loopback (real HTTP servers on 127.0.0.1),
a receiver down for an hour, and the delivering process killed with SIGKILL mid-delivery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from coalition.exchange import DeliveryWorker, HttpxTransport, ManualClock, WarningDraft
from coalition.exchange.receiver import ReceiverServer, WebhookReceiver
from coalition.exchange.tables import outbox

from .conftest import Node, make_node


def _receivers(node: Node, members: list[str], delay: float = 0.0) -> dict[str, ReceiverServer]:
    servers = {}
    for m in members:
        node.member(m)
        server = ReceiverServer(WebhookReceiver("whsec_placeholder"), delay=delay)
        server.receiver.secret = node.service.set_endpoint(m, server.url)
        servers[m] = server
    return servers


def _outbox_ids(node: Node) -> dict[str, set[str]]:
    with node.store.engine.connect() as conn:
        rows = conn.execute(sa.select(outbox.c.member, outbox.c.delivery_id, outbox.c.status))
        out: dict[str, set[str]] = {}
        for member, did, status in rows:
            assert status == "delivered", f"{did} to {member} is {status}"
            out.setdefault(member, set()).add(did)
        return out


def test_receiver_down_for_an_hour_gets_everything_once(node: Node) -> None:
    fr = node.member("fr-dgsi")
    servers = _receivers(node, ["de-bfv", "ge-sss", "at-dsn"])
    ids = [node.service.warn(fr, WarningDraft(title=f"Warning {i}", text="x", tlp="GREEN",
                                              recipients=list(servers)))
           for i in range(20)]
    servers["ge-sss"].down()
    worker = DeliveryWorker(node.service, HttpxTransport(timeout=5), clock=node.clock)
    try:
        first = worker.run_once()
        assert first.delivered == 40 and first.failed == 20
        for _ in range(12):  # an hour of retries with backoff while the receiver is down
            node.clock.advance(minutes=5)
            worker.run_once()
        assert servers["ge-sss"].receiver.seen == {}
        servers["ge-sss"].down(False)
        node.clock.advance(minutes=6)
        worker.run(until_empty=True)
    finally:
        worker.close()
        for s in servers.values():
            s.stop()
    expected = _outbox_ids(node)
    for member, server in servers.items():
        r = server.receiver
        assert set(r.seen) == expected[member]
        assert len(r.accepted) == len(set(r.accepted)) == 20
        assert r.repeats == 0
        assert {d["item_id"] for d in r.seen.values()} == set(ids)
    states = node.service.recipients_of(fr, ids[0])
    assert {s["state"] for s in states} == {"delivered"}


def test_worker_killed_mid_delivery_loses_nothing(db_url: str, tmp_path: Path) -> None:
    clock = ManualClock(datetime.now(UTC))
    node = make_node(db_url, tmp_path, clock)
    fr = node.member("fr-dgsi")
    servers = _receivers(node, ["de-bfv", "ge-sss", "at-dsn"], delay=0.03)
    for i in range(40):
        node.service.warn(fr, WarningDraft(title=f"Warning {i}", text="x", tlp="AMBER",
                                           recipients=list(servers)))
    env = {**os.environ, "COALITION_DB": db_url, "COALITION_HOME": str(tmp_path)}
    parallel, batch = 4, 1
    command = [sys.executable, "-c", "from coalition.cli.main import cli; cli()", "exchange",
               "deliver", "--lease", "1", "--parallel", str(parallel), "--batch", str(batch)]
    errors = (tmp_path / "worker.err").open("wb")
    worker = subprocess.Popen([*command, "--worker"], env=env, stdout=subprocess.DEVNULL,
                              stderr=errors)
    try:
        deadline = time.monotonic() + 60
        while sum(len(s.receiver.accepted) for s in servers.values()) < 30:
            assert worker.poll() is None, (tmp_path / "worker.err").read_text()
            assert time.monotonic() < deadline, "the worker delivered nothing"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        killed_at = sum(len(s.receiver.accepted) for s in servers.values())
        assert killed_at < 120, "the worker finished before it was killed"
        time.sleep(1.2)  # the killed worker's leases expire
        done = subprocess.run(command, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        errors.close()
        for s in servers.values():
            s.stop()
    expected = _outbox_ids(node)
    repeats = 0
    for member, server in servers.items():
        r = server.receiver
        assert set(r.seen) == expected[member]  # nothing lost
        assert len(r.accepted) == len(set(r.accepted)) == 40  # each delivery id once
        repeats += r.repeats
    # Only deliveries sent but not yet recorded when the worker died are sent again: the worker
    # records a POST's outcome before another POST takes its place in its window of `parallel`
    # POSTs of at most `batch` deliveries; claimed rows not yet sent are not repeated, and a
    # held row whose lease ran out under load is renewed, never claimed a second time.
    assert repeats <= parallel * batch
    node.store.close()
