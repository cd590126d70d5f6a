"""Joint list benchmark: append signed statements, verify the whole log, consolidate the
ledger seeded from the real lists under each policy.

    .venv/bin/python benchmarks/ledger.py [--statements 100000] [--db URL] [--skip-real]

Appending counts everything a statement goes through: canonical JSON, Ed25519 signing, the
checks (canonical form, signature verification, replay, sequence, entity, links) and the
insert with its Merkle leaf; a signed tree head is written per batch of 1,000. The real
lists are imported and seeded, resolved (`coalition resolve`), then consolidated under each
policy with and without resolution.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coalition.ledger import Draft, Ledger, Position  # noqa: E402
from coalition.ledger.resolve import resolve  # noqa: E402
from coalition.model import Entity  # noqa: E402
from coalition.settings import find_datasets  # noqa: E402
from coalition.store import DatasetInfo, Store  # noqa: E402

BATCH = 1_000
ENTITIES = 10_000
MEMBERS = 20
POLICIES = ["any", "quorum:2", "quorum:3", "all", "members:us,gb", "un"]
REAL_LISTS = [
    "lists/un/UN_2025-04-19.xml", "lists/un/UN_consolidated_2026-02-27.xml",
    "lists/us-ofac/sdn_2021-07-07", "lists/us-ofac/cons_2025-12-19",
    "lists/gb-ofsi/ConList_2025-04-10.xlsx", "lists/eu/eu_sanctions_2025-04.json",
    "lists/au-dfat/regulation8_consolidated.xlsx", "lists/ca-sema/sema-lmes.xml",
    "lists/ru-rfm/RFM_terrorists_utf8.csv",
]


def fictional_entities() -> list[Entity]:
    out = []
    for i in range(ENTITIES):
        e = Entity("Organization", f"ftm-bench-g{i:05d}", dataset="ftm-bench",
                   reference=f"ftm-bench:g{i:05d}")
        e.add("name", f"Bench Group {i}")
        out.append(e)
    return out


def bench_append(store: Store, keys: Path, n: int) -> tuple[float, float, int]:
    store.write_edition(DatasetInfo("ftm-bench", "Benchmark groups"), list_date="2020-01-01",
                        content_hash="bench", format="ftm", source=None,
                        entities=fictional_entities())
    ledger = Ledger(store, keys)
    for m in range(MEMBERS):
        ledger.add_member(f"m{m:02d}", f"Member {m}", kind="foreign-ministry")
    positions = [Position.LISTED] * 6 + [Position.OBJECTS, Position.NOT_LISTED,
                                         Position.ABSTAINS, Position.UNDER_REVIEW]
    drafts = [Draft(f"m{i % MEMBERS:02d}", f"ftm-bench-g{(i * 7919) % ENTITIES:05d}",
                    positions[i % len(positions)], f"National act {i % 50}",
                    f"{2000 + i % 25}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    reasons=f"Statement {i} of the benchmark", evidence=[f"{i:064x}"])
              for i in range(n)]
    start = time.perf_counter()
    for i in range(0, n, BATCH):
        ledger.record(*drafts[i:i + BATCH])
    append_s = time.perf_counter() - start
    start = time.perf_counter()
    audit = ledger.log.verify()
    verify_s = time.perf_counter() - start
    assert audit.ok and audit.statements == n, audit.problems[:5]
    return append_s, verify_s, audit.heads


def bench_real(store: Store, keys: Path, datasets: Path) -> None:
    from coalition.sources.pipeline import import_path

    start = time.perf_counter()
    for rel in REAL_LISTS:
        path = datasets / rel
        t0 = time.perf_counter()
        try:
            out = import_path(store, path, ledger_keys=keys)
        except Exception as exc:  # report the list that failed and go on with the others
            print(f"  {rel}: not imported ({type(exc).__name__}: {exc})")
            continue
        s = out.seeded
        print(f"  {rel}: {out.result.edition.entity_count:,} records -> "
              f"{s.listed if s else 0:,} listed, {s.delisted if s else 0:,} delisted "
              f"({time.perf_counter() - t0:.1f} s with import)")
    print(f"import + seeding of the real lists: {time.perf_counter() - start:.1f} s")
    ledger = Ledger(store, keys)
    print(f"ledger: {len(ledger.rows()):,} statements by {len(ledger.members())} members")
    t0 = time.perf_counter()
    report = resolve(store)
    print(f"resolve: {report.recorded:,} links ({report.new}), {report.held_back} held back, "
          f"{report.clusters:,} clusters of {report.clustered_records:,} records "
          f"(largest {report.largest_cluster}) in {time.perf_counter() - t0:.1f} s")
    for as_of in ("2015-11-16", "2026-03-01"):
        for policy in POLICIES:
            t0 = time.perf_counter()
            entries = ledger.consolidated(policy, as_of)
            dt = time.perf_counter() - t0
            plain = len(ledger.consolidated(policy, as_of, resolved=False))
            print(f"  consolidated --policy {policy:<14} --as-of {as_of}: "
                  f"{len(entries):>7,} entries in {dt:.2f} s ({plain:,} without resolution)")
    t0 = time.perf_counter()
    audit = ledger.log.verify()
    print(f"log verify of the seeded ledger: {audit.statements:,} statements, ok={audit.ok}, "
          f"{time.perf_counter() - t0:.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--db", help="SQLAlchemy URL (default: a SQLite file in a temp folder)")
    ap.add_argument("--skip-real", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        print(f"database: {url.split('@')[-1]}; cores: {os.cpu_count()}")
        store = Store(url)
        append_s, verify_s, heads = bench_append(store, Path(tmp) / "keys", args.statements)
        n = args.statements
        print(f"append {n:,} signed statements: {append_s:.1f} s = {n / append_s:,.0f}/s "
              f"({heads} signed tree heads)")
        print(f"log verify of {n:,} statements: {verify_s:.2f} s")
        store.close()
        datasets = find_datasets()
        if args.skip_real or datasets is None:
            return
        real = Store(f"sqlite:///{tmp}/real.db")
        bench_real(real, Path(tmp) / "real-keys", datasets)
        real.close()


if __name__ == "__main__":
    main()
