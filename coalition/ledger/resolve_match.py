"""Links found by the screening engine: a person's names and birth date matched, with high
confidence, against the persons of the other lists.

Each person with a birth date is screened (names, birth date) against every list's persons;
a result of another list counts when the engine calls it a match, its score is high, and the
two records' birth dates agree: the same full date (score at least `FULL_DATE_SCORE`), or
only the same year on one side (`YEAR_SCORE`). Of one list, only the best result counts (two
records of the same list are not joined through a third). The persons of the largest list
are not queried themselves: every pair with them is found from the other side, which halves
the work.
"""

from __future__ import annotations

from collections.abc import Callable

from coalition.errors import UsageError
from coalition.ledger.links import RESOLVER, Judgement, judgement
from coalition.ledger.resolve_keys import Record, dates_agree
from coalition.model import Entity
from coalition.screening import Query, Screener

FULL_DATE_SCORE = 0.85
YEAR_SCORE = 0.93
YEAR_PENALTY = 0.05
LIMIT = 10

Progress = Callable[[int, int], None]


def _full_dates_shared(a: list[str], b: list[str]) -> bool:
    return bool({d for d in a if len(d) == 10} & {d for d in b if len(d) == 10})


def _query(rec: Record) -> Query | None:
    dates = sorted(rec.birth_dates, key=lambda d: (-len(d), d))
    try:
        return Query.build(rec.names[:20], schema="Person", birth_date=dates[0], id=rec.id)
    except UsageError:  # a name the engine refuses (nothing readable): nothing to match
        return None


def by_name_and_birth_date(persons: list[Entity], records: dict[str, Record],
                           progress: Progress | None = None) -> list[Judgement]:
    screener = Screener.from_entities(persons)
    sizes: dict[str, int] = {}
    for p in persons:
        rec = records[p.id]
        sizes[rec.dataset] = sizes.get(rec.dataset, 0) + 1
    largest = max(sizes, key=lambda d: sizes[d]) if len(sizes) > 1 else None
    queried = [records[p.id] for p in persons
               if records[p.id].birth_dates and records[p.id].dataset != largest]
    best: dict[tuple[str, str], Judgement] = {}
    for n, rec in enumerate(queried, start=1):
        if progress and n % 500 == 0:
            progress(n, len(queried))
        query = _query(rec)
        if query is None:
            continue
        taken: set[str] = set()
        for r in screener.match(query, limit=LIMIT):
            other = records.get(r.id)
            if other is None or other.dataset == rec.dataset or other.dataset in taken \
                    or not r.match or not other.birth_dates \
                    or not dates_agree(rec.birth_dates, other.birth_dates):
                continue
            full = _full_dates_shared(rec.birth_dates, other.birth_dates)
            if r.score < (FULL_DATE_SCORE if full else YEAR_SCORE):
                continue
            taken.add(other.dataset)
            confidence = r.score if full else r.score - YEAR_PENALTY
            shared = (sorted(set(rec.birth_dates) & set(other.birth_dates))
                      or [f"{rec.birth_dates[0]} ~ {other.birth_dates[0]}"])
            j = judgement(rec.id, other.id, "same", "name-dob",
                          f"screening score {r.score:.3f} ({rec.names[0]} ~ {r.caption}), "
                          f"birth date {shared[0]}", min(confidence, 0.99), RESOLVER)
            if j.pair not in best or best[j.pair].confidence < j.confidence:
                best[j.pair] = j
    return list(best.values())
