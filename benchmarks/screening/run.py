"""Screening benchmark: quality and speed of coalition's engine on the real lists.

    .venv/bin/python benchmarks/screening/run.py [--datasets ../shared/datasets] [--json out.json]
        [--logic-v2 benchmarks/.venv-nomenklatura/bin/python] [--dump /tmp/misses]

Builds the labelled query sets of querysets.py, screens them, and prints hit rate at the
threshold, recall@1, wrong-entity rate, false-positive rate on names that are not listed,
retrieval recall against brute-force scoring, queries/s, latency p50/p99, index build time
and resident memory. With --logic-v2, nomenklatura's logic-v2 screens a fixed random subset
of each set in its own environment (logic_v2.py) and our engine the same subset, side by side.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # noqa: E402
import logic_v2  # noqa: E402
import querysets as qs  # noqa: E402

from coalition.model import Entity  # noqa: E402
from coalition.screening import Query, Screener  # noqa: E402
from coalition.screening.records import Record  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def evaluate(screener: Screener, queries: list[qs.LabelledQuery], *, limit: int = 10,
             dump: Path | None = None) -> dict[str, float]:
    """Hit rate at threshold, recall@1, wrong-entity rate (or FP rate for negatives)."""
    outcomes = []
    for lq in queries:
        query = Query.build(lq.name, schema=lq.schema, birth_date=lq.birth_date)
        started, cpu = time.perf_counter(), time.process_time()
        results = screener.match(query, limit=limit)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        outcomes.append(([(r.id, r.score, r.match) for r in results], elapsed, cpu))
    if dump is not None:
        names = {r.id: r.caption for r in screener.records}
        write_misses(dump, queries, outcomes, names)
    return metrics(queries, outcomes)


# (results as (id, score, match), wall seconds[, CPU seconds])
Outcome = tuple[list[tuple[str, float, bool]], float] | tuple[list[tuple[str, float, bool]],
                                                             float, float]


def metrics(queries: list[qs.LabelledQuery], outcomes: list[Outcome]) -> dict[str, float]:
    """The figures of one query set from (results as (id, score, match), seconds) per query."""
    hits = top1 = wrong = fp = 0
    for lq, (results, *_) in zip(queries, outcomes, strict=True):
        matched = {rid for rid, _, match in results if match}
        if not lq.expected:
            fp += bool(matched)
            continue
        if matched & lq.expected:
            hits += 1
        elif matched:
            wrong += 1
        if results and any(rid in lq.expected and score == results[0][1]
                           for rid, score, _ in results):
            top1 += 1
    n = len(queries)
    latencies = [o[1] for o in outcomes]
    out: dict[str, float] = {"queries": n}
    if any(q.expected for q in queries):
        out.update(hit_rate=hits / n, recall_at_1=top1 / n, wrong_entity_rate=wrong / n)
    else:
        out.update(false_positive_rate=fp / n)
    out["p50_ms"] = statistics.median(latencies) * 1000
    out["p99_ms"] = statistics.quantiles(latencies, n=100)[98] * 1000
    out["qps"] = n / sum(latencies)
    cpu = [o[2] for o in outcomes if len(o) > 2]
    if cpu:
        out["p50_cpu_ms"] = statistics.median(cpu) * 1000
        out["p99_cpu_ms"] = statistics.quantiles(cpu, n=100)[98] * 1000
        out["qps_cpu"] = n / sum(cpu)
    return out


def write_misses(path: Path, queries: list[qs.LabelledQuery], outcomes: list[Outcome],
                 names: dict[str, str]) -> None:
    """The queries a set got wrong (no match with a listed entity, or a match without)."""
    with path.open("w", encoding="utf-8") as fh:
        for lq, (results, *_) in zip(queries, outcomes, strict=True):
            matched = {rid for rid, _, match in results if match}
            if (lq.expected and matched & lq.expected) or (not lq.expected and not matched):
                continue
            fh.write(json.dumps({
                "query": lq.name, "expected": [names.get(i, i) for i in lq.expected],
                "found": [[names.get(rid, rid), score, rid in lq.expected]
                          for rid, score, _ in results[:3]],
            }, ensure_ascii=False) + "\n")


def retrieval_recall(screener: Screener, queries: list[qs.LabelledQuery]) -> dict[str, float]:
    """Share of the matches found by scoring every record that the index also finds."""
    found = total = 0
    for lq in queries:
        query = Query.build(lq.name, schema=lq.schema)
        brute = {r.id for r in screener.match(query, limit=50, exhaustive=True) if r.match}
        indexed = {r.id for r in screener.match(query, limit=50) if r.match}
        total += len(brute)
        found += len(brute & indexed)
    return {"queries": len(queries), "brute_force_matches": total,
            "recall": found / total if total else 1.0}


def name_bench(path: Path) -> dict[str, float]:
    cases = qs.name_bench(path)
    entities = []
    ids: dict[tuple[str, str], str] = {}
    for schema, _, name2, _ in cases:
        key = (schema, name2)
        if key not in ids:
            ids[key] = f"nb-{len(ids)}"
            e = Entity(schema if schema in ("Person", "Organization", "Company", "Vessel")
                       else "LegalEntity", ids[key])
            e.add("name", name2)
            entities.append(e)
    screener = Screener.from_entities(entities)
    tp = fp = fn = tn = 0
    for schema, name1, name2, is_match in cases:
        results = screener.match(Query.build(name1, schema=None), limit=20)
        predicted = any(r.id == ids[(schema, name2)] and r.match for r in results)
        tp += predicted and is_match
        fp += predicted and not is_match
        fn += (not predicted) and is_match
        tn += (not predicted) and not is_match
    return {"cases": len(cases), "accuracy": (tp + tn) / len(cases),
            "precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn)}


def transliteration(path: Path, rng: random.Random) -> dict[str, float]:
    pairs = qs.transliteration_pairs(path, 1000, rng)
    entities = []
    for i, (_, english) in enumerate(pairs):
        e = Entity("Organization", f"tr-{i}")
        e.add("name", english)
        entities.append(e)
    screener = Screener.from_entities(entities)
    at1 = at5 = 0
    for i, (arabic, _) in enumerate(pairs):
        results = screener.match(Query.build(arabic), limit=5)
        ids = [r.id for r in results]
        top = results[0].score if results else None
        at1 += any(r.id == f"tr-{i}" and r.score == top for r in results)
        at5 += f"tr-{i}" in ids
    return {"pairs": len(pairs), "recall_at_1": at1 / len(pairs), "recall_at_5": at5 / len(pairs)}


def side_by_side(python: Path, records: list[Record], screener: Screener,
                 sets: dict[str, list[qs.LabelledQuery]], sample: int,
                 note: Callable[[str, object], None]) -> None:
    """logic-v2 and our engine on the same fixed random subset of each query set."""
    picked = {name: random.Random(f"{qs.SEED}-{name}").sample(q, min(sample, len(q)))
              for name, q in sets.items()}
    joined = [lq for q in picked.values() for lq in q]
    outcomes, stats = logic_v2.screen(python, records, joined)
    note(f"logic_v2_run ({', '.join(sets)})", stats)
    at = 0
    for name, q in picked.items():
        theirs = metrics(q, outcomes[at:at + len(q)])
        at += len(q)
        note(f"{name} (subset)", {"coalition": evaluate(screener, q), "logic_v2": theirs})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/coalition-bench-cache"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--size", type=int, default=2000, help="queries per synthetic set")
    parser.add_argument("--brute", type=int, default=40,
                        help="queries per set scored against every record (slow)")
    parser.add_argument("--dump", type=Path, default=None,
                        help="folder to write each set's misses to, as JSON lines")
    parser.add_argument("--logic-v2", type=Path, default=None, metavar="PYTHON",
                        help="the interpreter of the nomenklatura venv (setup-nomenklatura.sh);"
                             " runs logic-v2 side by side")
    parser.add_argument("--logic-v2-sample", type=int, default=100,
                        help="queries per set given to logic-v2 (a fixed random subset)")
    parser.add_argument("--quick", action="store_true",
                        help="quality sets only: no brute force, throughput or extra sets")
    args = parser.parse_args()
    rng = random.Random(qs.SEED)
    report: dict[str, object] = {}
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    def note(key: str, value: object) -> None:
        report[key] = value
        print(f"{key}: {json.dumps(value, default=str)}", file=sys.stderr, flush=True)

    def dump(name: str) -> Path | None:
        return args.dump / f"{name}.jsonl" if args.dump else None

    report["load_average"] = os.getloadavg()
    entities, notes = lists.load(args.datasets, args.cache)
    report["lists"] = notes
    started = time.perf_counter()
    records = [Record.from_entity(e) for e in entities]
    report["records"] = len(records)
    report["record_compile_s"] = time.perf_counter() - started
    del entities
    gc.collect()
    rss_before = rss_mb()
    cpu = time.process_time()
    screener = Screener(records)
    note("index_build_s", screener.build_seconds)
    note("index_build_cpu_s", time.process_time() - cpu)
    report["rss_mb_after_build"] = rss_mb()
    report["rss_mb_index_only"] = rss_mb() - rss_before
    report["vocabulary"] = len(screener.index.tokens)

    typo_q = qs.typos(records, rng, args.size)
    variant_q = qs.spelling_variants(records, rng, args.size)
    listed = {n.lower() for r in records for n in r.raw_names}
    negative_q = qs.negatives(args.datasets / "names/anetac/named_entities.txt", listed, rng,
                              args.size)
    note("typos", evaluate(screener, typo_q, dump=dump("typos")))
    note("spelling_variants", evaluate(screener, variant_q, dump=dump("spelling_variants")))
    note("negatives", evaluate(screener, negative_q, dump=dump("negatives")))
    if not args.quick:
        sample = (rng.sample(typo_q, args.brute) + rng.sample(variant_q, args.brute)
                  + rng.sample(negative_q, args.brute))
        note("retrieval_vs_brute_force", retrieval_recall(screener, sample))
        all_q = typo_q + variant_q + negative_q
        started, cpu = time.perf_counter(), time.process_time()
        for lq in all_q:
            screener.match(Query.build(lq.name, schema=lq.schema), limit=5)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        note("throughput", {"queries": len(all_q), "qps_one_core": len(all_q) / elapsed,
                            "qps_one_core_cpu": len(all_q) / cpu})
    if args.logic_v2:
        side_by_side(args.logic_v2, records, screener, {
            "typos": typo_q, "spelling_variants": variant_q, "negatives": negative_q},
            args.logic_v2_sample, note)
    del screener
    gc.collect()

    script_records, script_q = qs.original_script(records)
    script_screener = Screener(script_records)
    arabic = [q for q in script_q if any("\u0600" <= c <= "\u06ff" for c in q.name)]
    cyrillic = [q for q in script_q if any("\u0400" <= c <= "\u04ff" for c in q.name)]
    note("arabic_script_vs_latin", evaluate(script_screener, arabic, dump=dump("arabic")))
    note("cyrillic_script_vs_latin", evaluate(script_screener, cyrillic,
                                              dump=dump("cyrillic")))
    if args.logic_v2:
        side_by_side(args.logic_v2, script_records, script_screener,
                     {"arabic_script_vs_latin": arabic, "cyrillic_script_vs_latin": cyrillic},
                     args.logic_v2_sample, note)
    del script_screener

    un_records, loo_q = qs.leave_one_alias_out(records, "un-sc", rng)
    un_screener = Screener(un_records)
    note("un_leave_one_alias_out", evaluate(un_screener, loo_q, dump=dump("un_loo")))
    if args.logic_v2:
        side_by_side(args.logic_v2, un_records, un_screener, {"un_leave_one_alias_out": loo_q},
                     args.logic_v2_sample, note)
    if not args.quick:
        note("name_bench", name_bench(args.datasets / "names/nomenklatura_name_bench_cases.csv"))
        ar2en = args.datasets / "names/google-ar2en/ar2en-test.txt"
        note("google_ar2en", transliteration(ar2en, rng))
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["load_average_end"] = os.getloadavg()
    text = json.dumps(report, indent=2, default=str)
    print(text)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
