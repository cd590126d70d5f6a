"""Scoring a labelled set's answers: hit, top-1, false positives and duplicates per result.

An answer is the list of results for one query, each reduced to (referents, score, match,
caption). A result is the expected entity when its referents meet the expected references,
so results keyed by list record or by merged entity are scored alike. Duplicates are the
results of one answer that name an entity an earlier result of it already named (truth:
`coalition resolve`'s clusters joined with the expected sets).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from v2_sets import Case
from v2_store import Truth

from coalition.screening import Query, Screener


@dataclass
class Found:
    referents: tuple[str, ...]
    score: float
    match: bool
    caption: str


@dataclass
class Answer:
    results: list[Found]
    seconds: float
    cpu: float


def build_query(case: Case) -> Query:
    return Query.build(case.name, schema=case.schema, birth_date=case.birth_date,
                       nationality=case.nationality)


def screen(screener: Screener, cases: Sequence[Case], limit: int = 10) -> list[Answer]:
    out = []
    for case in cases:
        query = build_query(case)
        t0, c0 = time.perf_counter(), time.process_time()
        results = screener.match(query, limit=limit)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        out.append(Answer([Found(tuple(r.referents), r.score, r.match, r.caption)
                           for r in results], seconds, cpu))
    return out


def is_false_positive(case: Case, answer: Answer) -> bool:
    matched = [f for f in answer.results if f.match]
    if case.forbid_any:
        return bool(matched)
    return any(case.forbidden.intersection(f.referents) for f in matched)


def is_hit(case: Case, answer: Answer) -> bool:
    return any(f.match and case.expected.intersection(f.referents) for f in answer.results)


def is_top1(case: Case, answer: Answer, truth: Truth | None = None) -> bool:
    """The first result (or one tied with it) is the expected entity: it holds an expected
    reference, or, given the truth, a record of the same real-world entity (so a list's own
    record of a person counts as that person in set b)."""
    if not answer.results:
        return False
    top = answer.results[0].score
    wanted = truth.entity_of(sorted(case.expected)) if truth is not None else None
    return any(f.score == top and (case.expected.intersection(f.referents)
                                   or (wanted is not None
                                       and truth is not None
                                       and truth.entity_of(f.referents) == wanted))
               for f in answer.results)


def duplicates(answer: Answer, truth: Truth, matched_only: bool) -> tuple[int, int]:
    """(results naming an entity already named in this answer, results counted)."""
    seen: set[str] = set()
    dups = counted = 0
    for f in answer.results:
        if matched_only and not f.match:
            continue
        entity = truth.entity_of(f.referents)
        counted += 1
        if entity is None:
            continue
        dups += entity in seen
        seen.add(entity)
    return dups, counted


def metrics(cases: Sequence[Case], answers: Sequence[Answer], truth: Truth
            ) -> dict[str, object]:
    """The figures of one set; positives and negatives are told apart by `expected`."""
    for case in cases:
        if case.expected:
            truth.union(case.expected)
    n = len(cases)
    out: dict[str, object] = {"queries": n}
    positives = [(c, a) for c, a in zip(cases, answers, strict=True) if c.expected]
    negatives = [(c, a) for c, a in zip(cases, answers, strict=True) if not c.expected]
    if positives:
        out["hit"] = sum(is_hit(c, a) for c, a in positives) / len(positives)
        out["top1"] = sum(is_top1(c, a, truth) for c, a in positives) / len(positives)
        out["wrong_entity_match"] = sum(
            not is_hit(c, a) and any(f.match for f in a.results)
            for c, a in positives) / len(positives)
    if negatives:
        out["fp"] = sum(is_false_positive(c, a) for c, a in negatives) / len(negatives)
    dup_all = [duplicates(a, truth, False) for a in answers]
    dup_match = [duplicates(a, truth, True) for a in answers]
    results = sum(c for _, c in dup_all)
    out["duplicates_per_result"] = sum(d for d, _ in dup_all) / results if results else 0.0
    out["answers_with_duplicate_match"] = sum(d > 0 for d, _ in dup_match) / n if n else 0.0
    if positives:
        own = [sum(bool(c.expected.intersection(f.referents)) for f in a.results)
               for c, a in positives if is_hit(c, a)]
        out["results_per_expected_entity"] = statistics.mean(own) if own else 0.0
    groups = sorted({c.group for c in cases})
    if len(groups) > 1:
        out["by_group"] = {g: _group(cases, answers, g, truth) for g in groups}
    lat = [a.seconds for a in answers]
    if len(lat) >= 2:
        out["p50_ms"] = statistics.median(lat) * 1000
        out["p99_ms"] = statistics.quantiles(lat, n=100)[98] * 1000
    return out


def _group(cases: Sequence[Case], answers: Sequence[Answer], group: str,
           truth: Truth) -> dict[str, float]:
    pairs = [(c, a) for c, a in zip(cases, answers, strict=True) if c.group == group]
    pos = [(c, a) for c, a in pairs if c.expected]
    neg = [(c, a) for c, a in pairs if not c.expected]
    out: dict[str, float] = {"queries": len(pairs)}
    if pos:
        out["hit"] = sum(is_hit(c, a) for c, a in pos) / len(pos)
        out["top1"] = sum(is_top1(c, a, truth) for c, a in pos) / len(pos)
    if neg:
        out["fp"] = sum(is_false_positive(c, a) for c, a in neg) / len(neg)
        out["fp_count"] = sum(is_false_positive(c, a) for c, a in neg)
    return out


def is_miss(case: Case, answer: Answer, truth: Truth) -> bool:
    if case.expected:
        return not (is_hit(case, answer) and is_top1(case, answer, truth))
    return is_false_positive(case, answer)


def write_misses(path: Path, cases: Sequence[Case], answers: Sequence[Answer],
                 captions: dict[str, str], truth: Truth) -> int:
    """The queries a set got wrong as JSON lines; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for case, answer in zip(cases, answers, strict=True):
            if not is_miss(case, answer, truth):
                continue
            count += 1
            fh.write(json.dumps({
                "query": case.name, "group": case.group, "birth_date": case.birth_date,
                "nationality": case.nationality, "issue12": case.issue12,
                "expected": sorted(case.expected)[:6],
                "expected_names": sorted({captions.get(r, r) for r in case.expected})[:4],
                "forbidden": sorted(case.forbidden)[:6],
                "hit": is_hit(case, answer) if case.expected else None,
                "found": [[f.caption, f.score, f.match, list(f.referents)[:3],
                           bool(case.expected.intersection(f.referents))]
                          for f in answer.results[:4]],
            }, ensure_ascii=False) + "\n")
    return count
