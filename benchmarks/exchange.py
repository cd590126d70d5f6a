"""Exchange benchmark: fan-out of warnings to 50 members with webhook receivers on loopback.

One process issues warnings at a fixed rate (default 100/s) to a sharing group of 50 recipient
members; a delivery worker (`coalition exchange deliver --worker`, its own process) sends the
outbox; 50 real HTTP receivers on 127.0.0.1 (a third process) verify signatures, deduplicate
by delivery id and note the arrival time. Reported: deliveries/s, and the delivery latency
(arrival at the receiver minus the warning's issue time) p50/p99/max.

    .venv/bin/python benchmarks/exchange.py [--rate 100] [--seconds 10] [--db URL]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from coalition.exchange import ExchangeService, MemorySigner, Principal, WarningDraft
from coalition.exchange.receiver import ReceiverServer, WebhookReceiver
from coalition.exchange.signing import new_secret
from coalition.ledger.ledger import Ledger
from coalition.store import Store


def receivers(secrets: list[str], ports: mp.Queue, stop: mp.Event, out: str) -> None:
    servers = [ReceiverServer(WebhookReceiver(s)) for s in secrets]
    ports.put([s.url for s in servers])
    stop.wait()
    with open(out, "w") as fh:
        for s in servers:
            for d in s.receiver.seen.values():
                issued = datetime.fromisoformat(d["item"]["issued_at"]).timestamp()
                fh.write(f"{d['delivery_id']} {issued} {d['received_at']}\n")
        fh.write(f"#repeats {sum(s.receiver.repeats for s in servers)} "
                 f"posts {sum(s.receiver.posts for s in servers)}\n")
    for s in servers:
        s.stop()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--members", type=int, default=50)
    ap.add_argument("--rate", type=float, default=100.0, help="warnings per second")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--db", help="SQLAlchemy URL (default: a SQLite file in a temp folder)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="exchange-bench-"))
    url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    store = Store(url)
    signer = MemorySigner()
    service = ExchangeService(store, signer=signer)
    ledger = Ledger(store, tmp / "keys")
    names = [f"m{i:02d}" for i in range(args.members)]
    for m in ["origin", *names]:
        ledger.add_member(m, f"Member {m}", kind="security-service", public_key=signer.add(m))
    user, _ = service.create_user("origin", "duty officer")
    author = Principal("origin", user.id)
    service.create_group(author, "all", "Everyone", names)

    secrets = [new_secret() for _ in names]
    ports: mp.Queue = mp.Queue()
    stop = mp.Event()
    result_file = str(tmp / "received.txt")
    rx = mp.Process(target=receivers, args=(secrets, ports, stop, result_file))
    rx.start()
    for m, hook, secret in zip(names, ports.get(timeout=30), secrets, strict=True):
        service.set_endpoint(m, hook, secret)

    env = {**os.environ, "COALITION_DB": url, "COALITION_HOME": str(tmp)}
    worker = subprocess.Popen([sys.executable, "-c", "from coalition.cli.main import cli; cli()",
                               "exchange", "deliver", "--worker", "--parallel", "16"],
                              env=env, stdout=subprocess.DEVNULL)
    total = int(args.rate * args.seconds)
    started = time.monotonic()
    for i in range(total):
        due = started + i / args.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        service.warn(author, WarningDraft(title=f"Warning {i}", text="Benchmark warning.",
                                          severity="high", tlp="AMBER", group="all"))
    issue_seconds = time.monotonic() - started
    expected = total * len(names)
    from coalition.exchange.outbox import pending_count

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with store.engine.connect() as conn:
            if pending_count(conn) == 0:
                break
        time.sleep(0.2)
    worker.terminate()
    worker.wait(30)
    cpu_worker = resource.getrusage(resource.RUSAGE_CHILDREN)
    stop.set()
    rx.join(60)
    cpu_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_self = resource.getrusage(resource.RUSAGE_SELF)
    latencies, first, last, repeats = [], None, None, "?"
    for line in Path(result_file).read_text().splitlines():
        if line.startswith("#"):
            repeats = line
            continue
        _, issued, received = line.split()
        latencies.append(float(received) - float(issued))
        first = min(first or float(issued), float(issued))
        last = max(last or float(received), float(received))
    span = (last - first) if first and last else float("nan")
    print(f"database: {store.engine.dialect.name}; members: {len(names)} recipients + 1 "
          f"originator; warnings: {total} at {total / issue_seconds:.1f}/s "
          f"(target {args.rate:g}/s)")
    print(f"deliveries: {len(latencies)} of {expected}; {len(latencies) / span:.0f} "
          f"deliveries/s over {span:.1f} s; receiver {repeats}")
    def cpu(r: resource.struct_rusage) -> float:
        return r.ru_utime + r.ru_stime

    print(f"CPU seconds: issuing process {cpu(cpu_self):.1f} (setup included), delivery worker "
          f"{cpu(cpu_worker):.1f}, receivers {cpu(cpu_children) - cpu(cpu_worker):.1f}")
    print(f"latency: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")
    store.close()


if __name__ == "__main__":
    main()
