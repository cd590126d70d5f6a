"""nomenklatura's logic-v2 side by side in the v2 benchmark: the same store records, the
same queries, the same scoring of answers (v2_eval), and the whole process timed on both
sides: ours builds the screener from the store as `coalition screen` does without a
persisted index, then screens; theirs (logic_v2.py) writes the records out, starts its
environment, builds its index and screens."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import logic_v2
from v2_eval import Answer, Found, screen
from v2_sets import Case

from coalition.cli import context
from coalition.screening import Screener
from coalition.screening.records import Record


def theirs(python: Path, records: list[Record], cases: Sequence[Case]
           ) -> tuple[list[Answer], dict[str, float]]:
    """logic-v2's answers (results mapped back to their records' references) and its figures,
    with `process_s`, the wall time of the whole run."""
    by_id = {r.id: r for r in records}
    started = time.perf_counter()
    outcomes, stats = logic_v2.screen(python, records, list(cases))
    stats = dict(stats, process_s=time.perf_counter() - started)
    answers = [Answer([Found(by_id[rid].referents, score, match, by_id[rid].caption)
                       for rid, score, match in results if rid in by_id], seconds, cpu)
               for results, seconds, cpu in outcomes]
    stats["scoring_qps_cpu"] = len(cases) / max(sum(a.cpu for a in answers), 1e-9)
    return answers, stats


def ours_whole(cases: Sequence[Case]) -> tuple[list[Answer], dict[str, float]]:
    """Our whole process on the same queries: the screener built from the store (no
    persisted index), then every query screened."""
    started = time.perf_counter()
    screener = Screener.from_store(context.store())
    built = time.perf_counter() - started
    answers = screen(screener, cases)
    total = time.perf_counter() - started
    return answers, {"build_s": built, "process_s": total,
                     "scoring_qps_cpu": len(cases) / max(sum(a.cpu for a in answers), 1e-9)}
