"""Import every real list in the shared datasets; report records/s and peak memory per list.

    .venv/bin/python benchmarks/import.py [--db sqlite|postgresql://...] [--write]

Each list is imported in a fresh child process into a fresh SQLite file (or a fresh schema on
PostgreSQL with --db), so peak resident memory is that list's alone. `taskset -c 0` pins the
run to one core when available. --write replaces the "## Import" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = [
    "un/UN_2025-04-19.xml",
    "un/UN_consolidated_2026-02-27.xml",
    "us-ofac/sdn_2019-01-15",
    "us-ofac/sdn_2021-07-07",
    "us-ofac/sdn_2024-05-03.csv",
    "us-ofac/cons_2025-12-19",
    "us-ofac/consolidated_2025-03-28.xml",
    "gb-ofsi/ConList_2025-04-10.xlsx",
    "eu/eu_sanctions_2025-04.json",
    "au-dfat/regulation8_consolidated.xlsx",
    "ca-sema/sema-lmes.xml",
    "ru-rfm/RFM_terrorists_utf8.csv",
    "ru-rfm/RFM_terrorists_cp1251.csv",
]


def one(path: Path, db: str) -> None:
    """Child: import one list, print a JSON line of figures."""
    from coalition.sources.pipeline import import_path
    from coalition.store import Store

    store = Store(db)
    start = time.perf_counter()
    outcome = import_path(store, path)
    seconds = time.perf_counter() - start
    statements = store.count_statements()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "list": str(path), "dataset": outcome.report.dataset, "records": outcome.report.records,
        "statements": statements, "seconds": round(seconds, 3),
        "records_per_s": round(outcome.report.records / seconds) if seconds else None,
        "peak_mib": round(peak_kib / 1024), "unknown": outcome.report.unknown_total,
    }))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", default="sqlite", help="sqlite (default) or a PostgreSQL URL")
    ap.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = ap.parse_args()
    if args.one:
        one(args.one, args.db)
        return
    sys.path.insert(0, str(ROOT))
    from coalition.settings import find_datasets

    datasets = find_datasets()
    if datasets is None:
        sys.exit("../shared/datasets (or COALITION_DATASETS) is absent: nothing to benchmark")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, rel in enumerate(LISTS):
            path = datasets / "lists" / rel
            if not path.exists():
                print(f"skip {rel}: not in {datasets}", file=sys.stderr)
                continue
            db = f"sqlite:///{tmp}/bench-{i}.db" if args.db == "sqlite" else args.db
            out = subprocess.run([*pin, sys.executable, __file__, "--one", str(path), "--db", db],
                                 capture_output=True, text=True, cwd=ROOT,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
            if out.returncode != 0:
                rows.append({"list": rel, "error": out.stderr.strip().splitlines()[-1]})
            else:
                row = json.loads(out.stdout.strip().splitlines()[-1])
                row["list"] = rel
                rows.append(row)
            print(json.dumps(rows[-1]), file=sys.stderr)
    ok = [r for r in rows if "error" not in r]
    total_s = sum(r["seconds"] for r in ok)
    total_records = sum(r["records"] for r in ok)
    table = ["| list | dataset | records | statements | seconds | records/s | peak MiB | not understood |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            table.append(f"| {r['list']} | error: {r['error']} | | | | | | |")
        else:
            table.append(f"| {r['list']} | {r['dataset']} | {r['records']:,} | {r['statements']:,} "
                         f"| {r['seconds']:.2f} | {r['records_per_s']:,} | {r['peak_mib']} "
                         f"| {r['unknown']:,} |")
    table.append(f"| **all** | | **{total_records:,}** | | **{total_s:.1f}** | "
                 f"{round(total_records / total_s) if total_s else 0:,} | | |")
    text = "\n".join(table)
    print(text)
    if args.write:
        section = (
            "## Import\n\n"
            f"Command: `.venv/bin/python benchmarks/import.py --write` (db: {args.db}; one core "
            f"via taskset; {platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} cores). Target: all lists together < 60 s on one core. Each list "
            "is imported alone into a fresh store; seconds include parsing, cleaning, diffing "
            "and writing in one transaction.\n\n" + text + "\n"
        )
        write_section(ROOT / "benchmarks" / "RESULTS.md", "## Import", section)


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace the section under `heading` (up to the next `## `) or append it."""
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    start = text.find(heading + "\n")
    if start == -1:
        text = text.rstrip() + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section + ("" if end == -1 else text[end:])
    path.write_text(text)


if __name__ == "__main__":
    main()
