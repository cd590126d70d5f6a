"""Speed figures of the v2 benchmark: throughput and latency on one core, garbage-collection
pauses during the batch, resident memory, and the cold one-name `coalition screen`."""

from __future__ import annotations

import gc
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from v2_eval import build_query
from v2_sets import Case

from coalition.screening import Screener


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class FullCollections:
    """Times the full (generation 2) collections run while it is active (gc.callbacks)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


def throughput(screener: Screener, cases: Sequence[Case], limit: int = 5) -> dict[str, float]:
    """One pass over a mixed batch: queries/s (wall and CPU), p50/p99 and GC pauses."""
    queries = [build_query(c) for c in cases]
    latencies = []
    with FullCollections() as full:
        started, cpu = time.perf_counter(), time.process_time()
        for q in queries:
            t0 = time.perf_counter()
            screener.match(q, limit=limit)
            latencies.append(time.perf_counter() - t0)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "queries": len(queries), "qps_wall": len(queries) / elapsed,
        "qps_cpu": len(queries) / cpu, "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": statistics.quantiles(latencies, n=100)[98] * 1000,
        "max_ms": max(latencies) * 1000, "full_collections": len(full.pauses),
        "max_full_collection_ms": max(full.pauses, default=0.0) * 1000,
        "gc_tracked_objects": len(gc.get_objects()),
    }


def cold_cli(name: str, runs: int = 3) -> dict[str, object]:
    """`/usr/bin/time coalition screen NAME` in fresh processes on COALITION_HOME (the
    persisted index in place, as after an import): seconds and peak resident memory."""
    exe = Path(sys.executable).with_name("coalition")
    timer = shutil.which("time") or "/usr/bin/time"
    out: list[dict[str, float]] = []
    for _ in range(runs):
        done = subprocess.run([timer, "-f", "%e %M", str(exe), "screen", name, "--json"],
                              capture_output=True, text=True, check=False)
        last = done.stderr.strip().splitlines()[-1].split() if done.stderr.strip() else []
        if done.returncode != 0 or len(last) != 2:
            return {"error": done.stderr[-400:]}
        out.append({"seconds": float(last[0]), "peak_rss_mb": int(last[1]) / 1024})
    return {"name": name, "runs": out,
            "median_s": statistics.median(r["seconds"] for r in out)}
