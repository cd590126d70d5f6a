"""Screening benchmark v2: what users see with every list imported.

    COALITION_HOME=/tmp/copy-of-home-all PYTHONPATH=$PWD taskset -c 0 \\
        /work/main/.venv/bin/python benchmarks/screening/v2.py [--quick] [--json out.json] \\
        [--dump /tmp/v2-misses] [--logic-v2 benchmarks/.venv-nomenklatura/bin/python]

COALITION_HOME must hold a store with the lists imported and `coalition resolve` run. The
screener is the one `coalition screen` builds there (v2_store.py), which may write its
persisted index into the home: give a copy of a shared home. Sets (v2_sets.py,
v2_negatives.py): a) well-known names as typed (wellknown.yaml), b) names in a script the
list does not carry, c) wrong and conflicting birth data, d) look-alikes and common unlisted
names per script and name tradition. Then speed (v2_speed.py) and, with --logic-v2,
nomenklatura's logic-v2 on the same records and queries (v2_logic.py). Figures go to
stderr as they come, a table with the targets to stdout, everything to --json.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import querysets as qs  # noqa: E402
import v2_eval  # noqa: E402
import v2_logic  # noqa: E402
import v2_negatives  # noqa: E402
import v2_report  # noqa: E402
import v2_sets  # noqa: E402
import v2_speed  # noqa: E402
from v2_sets import Case  # noqa: E402
from v2_store import load_home  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--dump", type=Path, default=None,
                        help="folder to write each set's misses to, as JSON lines")
    parser.add_argument("--quick", action="store_true",
                        help="smaller sets, no cold CLI runs, logic-v2 on fewer queries")
    parser.add_argument("--logic-v2", type=Path, default=None, metavar="PYTHON",
                        help="the interpreter of the nomenklatura venv (setup-nomenklatura.sh)")
    parser.add_argument("--logic-v2-sample", type=int, default=None,
                        help="queries per set given to logic-v2 (default 150, quick 40)")
    args = parser.parse_args()
    if not os.environ.get("COALITION_HOME"):
        parser.error("set COALITION_HOME to a home with the lists imported and resolved")
    size = 120 if args.quick else 400
    per_group = 100 if args.quick else 150
    sample = args.logic_v2_sample or (40 if args.quick else 150)
    report: dict[str, object] = {"command": " ".join(sys.argv), "quick": args.quick,
                                 "home": os.environ["COALITION_HOME"],
                                 "load_average_start": os.getloadavg()}
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)

    def note(key: str, value: object) -> None:
        report[key] = value
        print(f"{key}: {json.dumps(value, default=str, ensure_ascii=False)}", file=sys.stderr,
              flush=True)

    started = time.perf_counter()
    home = load_home()
    note("screener_build_or_load_s", home.screener_seconds)
    note("store_read_s", home.entities_seconds)
    report["records"] = len(home.records)
    report["screener_entries"] = len(home.screener)
    report["clustered_records"] = home.cluster_links
    gc.collect()
    report["rss_mb_with_screener_and_sets_data"] = v2_speed.rss_mb()

    rng = random.Random(qs.SEED)
    notes: dict[str, object] = {}
    wellknown, lookalikes = v2_sets.well_known(home, notes)
    sets: dict[str, list[Case]] = {"a_well_known": wellknown}
    for name, cases in v2_sets.other_script(home, rng, size).items():
        sets[f"b_{name}"] = cases
    sets["c_wrong_birth_year"] = v2_sets.wrong_birth_year(home, rng, size)
    sets["c_conflicting_dob_nationality"] = v2_sets.conflicting_common(home, rng, size)
    keys = v2_sets.listed_keys(home.records)
    skeletons = v2_sets.listed_skeletons(home.records)
    common = v2_negatives.common_names(keys, skeletons, rng, per_group, notes)
    sets["d_lookalikes"] = lookalikes
    sets["d_common_names"] = [c for group in common.values() for c in group]
    note("set_notes", notes)
    note("set_sizes", {k: len(v) for k, v in sets.items()})

    captions = {ref: r.caption for r in home.records for ref in r.referents}
    answers: dict[str, list[v2_eval.Answer]] = {}
    figures: dict[str, dict[str, object]] = {}
    for name, cases in sets.items():
        answers[name] = v2_eval.screen(home.screener, cases)
        figures[name] = v2_eval.metrics(cases, answers[name], home.clusters)
        if name == "a_well_known":
            flagged = [(c, a) for c, a in zip(cases, answers[name], strict=True) if c.issue12]
            figures[name]["issue12_cases"] = len(flagged)
            figures[name]["issue12_hit_and_top1"] = sum(
                v2_eval.is_hit(c, a) and v2_eval.is_top1(c, a, home.clusters) for c, a in flagged)
        if args.dump:
            figures[name]["misses_written"] = v2_eval.write_misses(
                args.dump / f"{name}.jsonl", cases, answers[name], captions, home.clusters)
        note(name, figures[name])
    negatives = sets["d_lookalikes"] + sets["d_common_names"]
    neg_answers = answers["d_lookalikes"] + answers["d_common_names"]
    note("d_overall_fp", sum(v2_eval.is_false_positive(c, a) for c, a in
                             zip(negatives, neg_answers, strict=True)) / len(negatives))

    mixed = [c for cases in sets.values() for c in cases]
    random.Random(f"{qs.SEED}-mixed").shuffle(mixed)
    note("throughput_mixed_batch", v2_speed.throughput(home.screener, mixed))
    report["rss_mb_after_batch"] = v2_speed.rss_mb()
    if not args.quick:
        note("cold_cli_screen", v2_speed.cold_cli("Ayman al-Zawahiri"))

    if args.logic_v2:
        picked = {name: random.Random(f"{qs.SEED}-{name}").sample(c, min(sample, len(c)))
                  for name, c in sets.items()}
        joined = [c for cases in picked.values() for c in cases]
        ours, ours_stats = v2_logic.ours_whole(joined)
        theirs, theirs_stats = v2_logic.theirs(args.logic_v2, home.records, joined)
        side: dict[str, object] = {"queries": len(joined), "ours": ours_stats,
                                   "theirs": theirs_stats,
                                   "process_ratio": theirs_stats["process_s"]
                                   / ours_stats["process_s"],
                                   "scoring_ratio_cpu": ours_stats["scoring_qps_cpu"]
                                   / theirs_stats["scoring_qps_cpu"]}
        at = 0
        for name, cases in picked.items():
            span = slice(at, at + len(cases))
            at += len(cases)
            side[name] = {"ours": v2_eval.metrics(cases, ours[span], home.clusters),
                          "theirs": v2_eval.metrics(cases, theirs[span], home.clusters)}
        note("logic_v2_side_by_side", side)

    report["sets"] = figures
    report["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["load_average_end"] = os.getloadavg()
    report["total_s"] = time.perf_counter() - started
    report["targets"] = v2_report.targets(report)
    print(v2_report.table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str, ensure_ascii=False))


if __name__ == "__main__":
    main()
