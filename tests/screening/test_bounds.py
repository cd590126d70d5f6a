"""The score bound that lets the screener stop early never falls below the score, so the
pruned search returns what scoring every candidate returns."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from screening_entities import organisation, person

from coalition.screening import Query, Screener
from coalition.screening.bounds import record_bounds, score_bound
from coalition.screening.prepared import PreparedQuery

WORD = st.sampled_from(["muhammad", "mohamed", "ali", "alee", "hassan", "hasan", "karim",
                        "kareem", "abdullah", "abdallah", "rashid", "rasheed", "b", "m",
                        "trading", "company", "llc", "ocean", "blue", "oceanblue", "al",
                        "bin", "zawahiri", "zawahri", "semenov", "semyonov"])
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)


def _bounds_and_scores(screener: Screener, query: Query) -> list[tuple[float, float]]:
    pq = PreparedQuery.prepare(query, screener.index)
    found = screener.index.candidates(pq, limit=len(screener))
    if not found:
        return []
    pq_entries: set[int] = set()
    for idx, _ in found:
        record = screener.records[idx]
        pq_entries.update(*record.names, *record.weak)
    pq.fill(pq_entries)
    positions = np.asarray([idx for idx, _ in found], dtype=np.int64)
    boost = screener.algorithm.max_boost(query)
    bounds = score_bound(record_bounds(pq, screener.index.names, positions,
                                       screener.algorithm.weak_cap), boost)
    return [(float(b), screener.algorithm.score(pq, screener.records[idx])[0])
            for (idx, _), b in zip(found, bounds, strict=True)]


@settings(max_examples=80, deadline=None)
@given(people=st.lists(st.lists(NAME, min_size=1, max_size=3), min_size=1, max_size=8),
       orgs=st.lists(NAME, min_size=0, max_size=4), query=NAME,
       year=st.sampled_from([None, "1965", "1977-03-02"]))
def test_bound_is_never_below_the_score(people: list[list[str]], orgs: list[str], query: str,
                                        year: str | None) -> None:
    listed = [person(f"p-{i}", *names, birthDate="1965") for i, names in enumerate(people)]
    listed += [organisation(f"o-{i}", name) for i, name in enumerate(orgs)]
    screener = Screener.from_entities(listed)
    for bound, score in _bounds_and_scores(screener, Query.build(query, birth_date=year)):
        assert score <= bound + 1e-9, (query, score, bound)


def test_pruned_search_returns_the_full_ranking(listed) -> None:
    screener = Screener.from_entities(listed)
    for name in ["Ayman al-Zawahiri", "Abdul Karim", "Mohamed Ali", "Argument Trading",
                 "Ocean Blue", "Semenov Dmitry", "Abu Hamsa"]:
        query = Query.build(name)
        pruned = [(r.id, r.score) for r in screener.match(query, limit=2)]
        full = [(r.id, r.score) for r in screener.match(query, limit=len(screener))][:2]
        assert pruned == full, name
