"""Screening speed on one core: queries/s, latency percentiles, GC pauses, resident memory.

    COALITION_HOME=/tmp/copy-of-home-all PYTHONPATH=$PWD taskset -c 0 \\
        /work/main/.venv/bin/python benchmarks/screening/speed.py \\
        [--queries batch.jsonl] [--out results.jsonl] [--compare reference.jsonl]

The screener is built (or loaded from its persisted index) from every list in the store of
COALITION_HOME, as `coalition screen` does. Queries come from `--queries` (JSON lines with
`name`, `schema`, `birth_date`, `nationality`, e.g. the v2 benchmark's mixed batch), or are
drawn from the store: listed names as written, with a typo, in another word order, and
unlisted names made of listed words. `--out` writes every query's results (id, score, match,
explanations) so that two versions of the engine can be compared result for result;
`--compare` does that against such a file and fails on the first difference (run the old
version with `--out`, the new one with `--compare`, on the same queries).

`--both` times the Python name scoring and the compiled kernel (coalition/screening/
_kernel.pyx) in one run: each query is screened both ways, in alternating order (what
retrieval keeps for a token helps whichever comes second), their answers must agree, and the
figures are printed for each.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from coalition.cli import context
from coalition.screening import Query, Screener, features


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def drawn_queries(screener: Screener, count: int, seed: int = 7) -> list[dict[str, Any]]:
    """A mixed batch from the listed names: as written, with one typo, words reversed, and
    names made of two listed words of different records (mostly unlisted)."""
    rng = random.Random(seed)
    records = list(screener.records)
    out: list[dict[str, Any]] = []
    letters = "abcdefghijklmnopqrstuvwxyz"
    while len(out) < count:
        record = rng.choice(records)
        names = list(record.raw_names) or list(record.raw_weak)
        if not names:
            continue
        name = rng.choice(names)
        kind = len(out) % 4
        if kind == 1 and len(name) > 3:
            at = rng.randrange(len(name))
            name = name[:at] + rng.choice(letters) + name[at + 1:]
        elif kind == 2:
            name = " ".join(reversed(name.split()))
        elif kind == 3:
            other = rng.choice(records)
            words = [w for n in (*record.raw_names, *other.raw_names) for w in n.split()]
            if len(words) < 2:
                continue
            name = " ".join(rng.sample(words, 2))
        birth = sorted(record.birth_dates)[0] if record.birth_dates and kind == 0 else None
        out.append({"name": name, "schema": record.schema.name if kind < 3 else "Thing",
                    "birth_date": birth, "nationality": None})
    return out


def build_query(row: dict[str, Any]) -> Query:
    return Query.build(row["name"], schema=row.get("schema"), birth_date=row.get("birth_date"),
                       nationality=row.get("nationality"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, default=None)
    parser.add_argument("--count", type=int, default=3000, help="queries drawn from the store")
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--compare", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="passes over the batch")
    parser.add_argument("--both", action="store_true",
                        help="time the Python path and the kernel query by query")
    args = parser.parse_args()
    if not os.environ.get("COALITION_HOME"):
        parser.error("set COALITION_HOME to a home with the lists imported")
    started = time.perf_counter()
    screener = Screener.from_store(context.store(), cache=context.settings().home / "screening")
    load_s = time.perf_counter() - started
    if args.queries:
        rows = [json.loads(line) for line in args.queries.read_text().splitlines() if line]
    else:
        rows = drawn_queries(screener, args.count)
    queries = [build_query(r) for r in rows]
    gc.collect()
    pauses: list[float] = []
    mark = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info.get("generation") == 2:
            if phase == "start":
                mark[0] = time.perf_counter()
            else:
                pauses.append(time.perf_counter() - mark[0])

    gc.callbacks.append(on_gc)
    kernel = features.KERNEL
    if args.both and kernel is None:
        sys.exit("--both: the compiled kernel is not in use (pip install -e . builds it)")
    paths = {"python": None, "kernel": kernel} if args.both else {"current": kernel}
    latencies: dict[str, list[float]] = {p: [] for p in paths}
    cpu_times: dict[str, list[float]] = {p: [] for p in paths}
    answers: dict[str, list[str]] = {p: [] for p in paths}  # JSON text: not walked by gc
    load_before = os.getloadavg()
    for _ in range(args.repeat):
        answers = {p: [] for p in paths}
        for number, q in enumerate(queries):
            order = list(paths) if number % 2 == 0 else list(reversed(paths))
            for path in order:
                features.KERNEL = paths[path]
                t0, c0 = time.perf_counter(), time.process_time()
                found = screener.match(q, limit=args.limit)
                latencies[path].append(time.perf_counter() - t0)
                cpu_times[path].append(time.process_time() - c0)
                answers[path].append(json.dumps([r.to_dict() for r in found],
                                                ensure_ascii=False, sort_keys=True))
    features.KERNEL = kernel
    gc.callbacks.remove(on_gc)
    results = answers["kernel" if args.both else "current"]
    if args.both:
        for number, (a, b) in enumerate(zip(answers["python"], results, strict=True)):
            if a != b:
                sys.exit(f"query {number} ({rows[number]['name']!r}): the kernel answers "
                         f"{b}, the Python path {a}")
    n = len(queries) * args.repeat
    figures: dict[str, Any] = {
        "queries": n, "records": len(screener), "load_s": round(load_s, 2),
        "full_collections": len(pauses),
        "max_full_collection_ms": round(max(pauses, default=0.0) * 1000, 1),
        "rss_mb": round(rss_mb(), 1), "load_average": [round(x, 2) for x in load_before],
    }
    for path in paths:
        lat = latencies[path]
        figures[path] = {
            "qps_cpu": round(n / sum(cpu_times[path]), 1), "qps_wall": round(n / sum(lat), 1),
            "p50_ms": round(statistics.median(lat) * 1000, 3),
            "p99_ms": round(statistics.quantiles(lat, n=100)[98] * 1000, 3),
            "max_ms": round(max(lat) * 1000, 2),
        }
    if args.both:
        figures["answers_identical"] = True
    else:
        figures.update(figures.pop("current"))  # the figures as one run has printed them
    print(json.dumps(figures))
    if args.out:
        with args.out.open("w") as fh:
            for row, found_rows in zip(rows, results, strict=True):
                fh.write(json.dumps({"query": row, "results": json.loads(found_rows)},
                                    ensure_ascii=False, sort_keys=True) + "\n")
    if args.compare:
        reference = [json.loads(line) for line in args.compare.read_text().splitlines()]
        if len(reference) != len(results):
            sys.exit(f"{args.compare}: {len(reference)} answers, this run {len(results)}")
        for number, (ref, found_rows) in enumerate(zip(reference, results, strict=True)):
            if ref["results"] != json.loads(found_rows):
                sys.exit(f"query {number} ({ref['query']['name']!r}) differs:\n"
                         f"reference {ref['results']}\nthis run  {found_rows}")
        print(f"identical to {args.compare}: {len(results)} answers")


if __name__ == "__main__":
    main()
