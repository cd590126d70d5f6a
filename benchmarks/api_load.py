"""Load on `POST /match/default` over loopback: single-name queries against every real list in
../shared/datasets, 8 concurrent connections; requests/s and latency percentiles from wrk.

    bash scripts/ensure-wrk.sh       # apt-get install -y wrk when it is missing
    .venv/bin/python benchmarks/api_load.py [--duration 30] [--connections 8] [--workers 1]

The lists are imported once into a SQLite file (--db, default in the temp folder; kept
between runs, re-imports of unchanged files are skipped). `coalition serve` then runs as a
child process on 127.0.0.1 with the rate limit lifted; wrk (2 threads) posts one query per
request, cycling through names of listed persons and organisations as the lists spell them
and with their words reversed. A warm-up run precedes the measured one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coalition.accounts import Accounts  # noqa: E402
from coalition.ledger import KeyStore, Ledger  # noqa: E402
from coalition.settings import find_datasets  # noqa: E402
from coalition.sources.pipeline import import_path  # noqa: E402
from coalition.store import Store  # noqa: E402

LUA = """-- one POST /match/default per request, cycling through the bodies
local bodies = {%s}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/match/default?limit=5", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer %s"}, bodies[i])
end
"""


def lists() -> list[str]:
    """The list files benchmarks/import.py imports (one place names them)."""
    spec = importlib.util.spec_from_file_location("import_bench", ROOT / "benchmarks/import.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return list(module.LISTS)


def prepare(db: str, home: Path, datasets: Path) -> tuple[str, list[dict[str, object]], int]:
    """Import the lists (skipping unchanged ones), make a screener's token, pick names."""
    store = Store(db)
    for rel in lists():
        started = time.perf_counter()
        outcome = import_path(store, datasets / "lists" / rel, ledger_keys=home / "keys")
        state = "unchanged" if outcome.result.unchanged else "imported"
        print(f"{rel}: {state} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    ledger = Ledger(store, KeyStore(home / "keys"))
    if "bench" not in {m.id for m in ledger.members()}:
        ledger.add_member("bench", "Load test member", country="fr")
    accounts = Accounts(store)
    if "bench" not in {u.username for u in accounts.list_users()}:
        accounts.add_user("bench", "bench", "screener")
    token = accounts.issue_token("bench", "api_load benchmark").token
    rng = random.Random(20261201)
    listed = list(store.entities(matchable_only=True))
    names = sorted({(e.caption, e.schema.name) for e in listed
                    if e.schema.name in ("Person", "Organization") and e.caption})
    picked = rng.sample(names, min(1_000, len(names)))
    queries = []
    for i, (name, schema) in enumerate(picked):
        if i % 2:  # half as listed, half with the words in another order
            name = " ".join(reversed(name.split()))
        queries.append({"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}})
    store.close()
    return token, queries, len(listed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict[str, object]:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", str(script), url], capture_output=True, text=True, check=True)
    text = out.stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        assert m, text
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    def number(pattern: str, default: str | None = None) -> float:
        m = re.search(pattern, text)
        assert m or default is not None, text
        return float(m.group(1) if m else default)  # type: ignore[arg-type]

    return {"requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
            "p50_ms": ms("50"), "p90_ms": ms("90"), "p99_ms": ms("99"),
            "requests": int(number(r"(\d+) requests in")),
            "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)", "0")), "raw": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folder = Path(tempfile.gettempdir()) / "coalition-api-bench"
    parser.add_argument("--db", default=f"sqlite:///{folder / 'coalition.db'}")
    parser.add_argument("--home", type=Path, default=folder / "home")
    parser.add_argument("--datasets", type=Path, default=find_datasets())
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.datasets is None:
        sys.exit("../shared/datasets is absent (or set COALITION_DATASETS)")
    token, queries, entities = prepare(args.db, args.home, args.datasets)
    script = args.home / "match.lua"
    # Lua long strings carry the UTF-8 bodies as they are (Lua 5.1 has no \u escapes)
    bodies = ",".join(f"[==[{json.dumps(q, ensure_ascii=False)}]==]" for q in queries)
    script.write_text(LUA % (bodies, token), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "COALITION_DB": args.db, "COALITION_HOME": str(args.home),
           "COALITION_API_RATE_LIMIT": "1000000", "COALITION_API_RATE_BURST": "1000000",
           "COALITION_API_WORKERS": str(args.workers), "COALITION_API_LOG_LEVEL": "warning",
           "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-c", "from coalition.cli.main import cli; cli()",
                               "serve", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 900:
                sys.exit("the server did not become ready")
            time.sleep(1)
        ready_s = time.perf_counter() - started
        check = httpx.post(f"{base}/match/default", json=queries[0], timeout=30,
                           headers={"Authorization": f"Bearer {token}"})
        check.raise_for_status()
        wrk(f"{base}/match/default", script, 5, args.connections)  # warm-up
        result = wrk(f"{base}/match/default", script, args.duration, args.connections)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    raw = result.pop("raw")
    print(raw, file=sys.stderr)
    if result["non_2xx"]:
        sys.exit(f"{result['non_2xx']} requests were answered with an error; figures void")
    load = os.getloadavg()
    print(json.dumps({**result, "connections": args.connections, "workers": args.workers,
                      "duration_s": args.duration, "queries": len(queries),
                      "indexed_entities": entities,
                      "server_ready_s": round(ready_s, 1), "cores": os.cpu_count(),
                      "load_average": [round(x, 2) for x in load]}))


if __name__ == "__main__":
    main()
