"""Links found by the screening engine: a person's names and birth date matched, with high
confidence, against the persons of the other lists.

Each queried person (names, birth date) is screened against the persons of every list born in
the same year (resolve_index.py); a result of another list counts when the engine calls it a
match, its score is high, and the two records' birth dates agree: the same full date (score
at least `FULL_DATE_SCORE`), or only the same year on one side (`YEAR_SCORE`). Of one list,
only the best result counts (two records of the same list are not joined through a third).

Which persons are queried: in a full run, those of every list but the largest (every pair
with it is found from the other side, which halves the work); when one list's new edition is
linked, its added and changed persons alone. A query asks for `LIMIT` results among
`CANDIDATES` retrieved ones (the engine's defaults are 10 of 60: on the real lists the
smaller figures found 99 % of the same links in 60 % of the time, the rest being second
results of a list that only the best of counts anyway). Large runs are shared among worker
processes forked with the index built (`WORKERS`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence

from coalition.errors import UsageError
from coalition.ledger.links import RESOLVER, Judgement, judgement
from coalition.ledger.resolve_index import PersonIndex, birth_years
from coalition.ledger.resolve_keys import Record, dates_agree
from coalition.screening import Query

FULL_DATE_SCORE = 0.85
YEAR_SCORE = 0.93
YEAR_PENALTY = 0.05
LIMIT = 8
CANDIDATES = 20
WORKERS = 2
PARALLEL_FROM = 3_000  # fewer queries than this are not worth a fork
CHUNK = 250

Progress = Callable[[int, int], None]
_INDEX: PersonIndex | None = None


def _full_dates_shared(a: Sequence[str], b: Sequence[str]) -> bool:
    return bool({d for d in a if len(d) == 10} & {d for d in b if len(d) == 10})


def _query(rec: Record) -> Query | None:
    dates = sorted(rec.birth_dates, key=lambda d: (-len(d), d))
    try:
        return Query.build(rec.names[:20], schema="Person", birth_date=dates[0], id=rec.id)
    except UsageError:  # a name the engine refuses (nothing readable): nothing to match
        return None


def links_of(index: PersonIndex, rec: Record) -> list[Judgement]:
    """The name and birth date links of one person: the best of each other list."""
    query = _query(rec)
    if query is None:
        return []
    taken: set[str] = set()
    out = []
    for r, dataset, dates in index.match(query, birth_years(rec.birth_dates), limit=LIMIT,
                                         candidates=CANDIDATES):
        if not r.match:
            continue
        if dataset == rec.dataset or dataset in taken or not dates \
                or not dates_agree(rec.birth_dates, list(dates)):
            continue
        full = _full_dates_shared(rec.birth_dates, dates)
        if r.score < (FULL_DATE_SCORE if full else YEAR_SCORE):
            continue
        taken.add(dataset)
        confidence = r.score if full else r.score - YEAR_PENALTY
        shared = (sorted(set(rec.birth_dates) & set(dates))
                  or [f"{rec.birth_dates[0]} ~ {dates[0]}"])
        out.append(judgement(rec.id, r.id, "same", "name-dob",
                             f"screening score {r.score:.3f} ({rec.names[0]} ~ {r.caption}), "
                             f"birth date {shared[0]}", min(confidence, 0.99), RESOLVER))
    return out


def _chunk(recs: list[Record]) -> list[Judgement]:
    assert _INDEX is not None
    return [j for rec in recs for j in links_of(_INDEX, rec)]


def by_name_and_birth_date(index: PersonIndex, queried: list[Record],
                           progress: Progress | None = None,
                           workers: int = WORKERS) -> list[Judgement]:
    """The best link of each pair found by screening the `queried` persons."""
    global _INDEX
    queried = [r for r in queried if r.birth_dates]
    chunks = [queried[i:i + CHUNK] for i in range(0, len(queried), CHUNK)]
    workers = min(workers, os.cpu_count() or 1)
    found: list[Judgement] = []
    index.preload()  # read before any fork, so that the workers share what was read
    if workers > 1 and len(queried) >= PARALLEL_FROM \
            and "fork" in multiprocessing.get_all_start_methods():
        _INDEX = index
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for n, part in enumerate(pool.imap(_chunk, chunks), start=1):
                    found += part
                    if progress:
                        progress(min(n * CHUNK, len(queried)), len(queried))
        finally:
            _INDEX = None
    else:
        for n, recs in enumerate(chunks, start=1):
            found += [j for rec in recs for j in links_of(index, rec)]
            if progress:
                progress(min(n * CHUNK, len(queried)), len(queried))
    best: dict[tuple[str, str], Judgement] = {}
    for j in found:
        if j.pair not in best or best[j.pair].confidence < j.confidence:
            best[j.pair] = j
    return list(best.values())
