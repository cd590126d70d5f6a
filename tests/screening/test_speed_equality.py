"""The faster retrieval returns exactly what the plain one did: the same records, scores and
explanations, id for id and score for score.

Retrieval keeps what each query token gathered (`CandidateIndex._gather`, `Gathered`) for the
next query with that token and adds sparse per-record arrays instead of dense ones. The
reference below is the plain version it replaced: every token gathered anew, one dense array
per token. Both screen the same queries drawn from a real list (names as written, with a
typo, words reversed, words of two records mixed) and must agree on every answer.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from coalition.names.forms import Token
from coalition.screening import Query, Screener
from coalition.screening.index import CandidateIndex, lookup_keys
from coalition.screening.prepared import PreparedQuery
from coalition.screening.similarity import specificity, token_similarity
from coalition.sources.pipeline import import_path
from coalition.store import Store

QUERIES = 2000


def reference_scatter(index: CandidateIndex, weighted: dict[int, float]) -> np.ndarray:
    """Per record, the largest weight among the entries it carries (dense, entry by entry)."""
    best = np.zeros(len(index.records), dtype=np.float32)
    for entry, contrib in sorted(weighted.items(), key=lambda kv: kv[1]):
        best[index.posting(entry)] = contrib
    return best


def reference_gather(index: CandidateIndex, qt: Token, row: dict[int, float],
                     pq: PreparedQuery, rank: np.ndarray, bound: np.ndarray) -> None:
    """The plain `_gather`: every entry the token's keys reach compared anew."""
    reached: dict[int, float] = {}
    for entry in index.lookup(lookup_keys(qt)):
        if entry not in reached:
            sim = row.get(entry)
            if sim is None:
                sim = row[entry] = token_similarity(qt, index.tokens[entry])
            if sim > 0.0:
                reached[entry] = sim
    if not reached:
        return
    pq.reached.update(reached)
    best = reference_scatter(index, {e: sim * index.spec[e] for e, sim in reached.items()})
    bound += best
    if qt.abjad:
        union = specificity(sum(index.df[e] for e in reached))
        best = reference_scatter(index, {e: sim * (index.spec[e] if sim >= 1.0 else
                                                   min(index.spec[e], union))
                                         for e, sim in reached.items()})
    rank += best


def drawn_queries(screener: Screener, count: int) -> list[Query]:
    rng = random.Random(11)
    records = [r for r in screener.records if r.raw_names]
    out: list[Query] = []
    while len(out) < count:
        record = rng.choice(records)
        name = rng.choice(record.raw_names)
        kind = len(out) % 4
        if kind == 1 and len(name) > 3:
            at = rng.randrange(len(name))
            name = name[:at] + rng.choice("aeiouknrst") + name[at + 1:]
        elif kind == 2:
            name = " ".join(reversed(name.split()))
        elif kind == 3:
            words = [w for n in (*record.raw_names, *rng.choice(records).raw_names)
                     for w in n.split()]
            name = " ".join(rng.sample(words, min(2, len(words))))
        birth = sorted(record.birth_dates)[0] if record.birth_dates and kind == 0 else None
        out.append(Query.build(name, schema=record.schema.name if kind < 3 else None,
                               birth_date=birth))
    return out


def answers(screener: Screener, queries: list[Query]) -> list[list[dict[str, object]]]:
    return [[r.to_dict() for r in screener.match(q, limit=10)] for q in queries]


@pytest.mark.datasets
@pytest.mark.slow
def test_retrieval_equals_the_plain_path_on_real_queries(
        datasets: Path, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import_path(sqlite_store, datasets / "lists" / "un" / "UN_consolidated_2026-02-27.xml")
    screener = Screener.from_store(sqlite_store)
    queries = drawn_queries(screener, QUERIES)
    fast = answers(screener, queries)
    again = answers(screener, queries)  # every token now gathered before
    with monkeypatch.context() as patched:
        patched.setattr(CandidateIndex, "_gather", reference_gather)
        plain = answers(screener, queries)
    assert sum(1 for a in plain if a) > QUERIES // 2  # most queries find something
    for query, got, kept, want in zip(queries, fast, again, plain, strict=True):
        assert got == want, query
        assert kept == want, query


def test_sparse_scatter_equals_the_dense_one(listed) -> None:
    screener = Screener.from_entities(listed)
    index = screener.index
    rng = random.Random(3)
    for _ in range(200):
        entries = rng.sample(range(len(index.tokens)), rng.randint(1, 12))
        weighted = {e: rng.choice([0.25, 0.5, 1.0, rng.random()]) for e in entries}
        records, values = index._scatter(weighted)
        dense = reference_scatter(index, weighted)
        assert np.array_equal(records, np.flatnonzero(dense))
        assert np.array_equal(values, dense[records])


def test_bound_similarities_at_entries_fill_did_not_reach(listed) -> None:
    from coalition.screening.bounds import _at_entries

    screener = Screener.from_entities(listed)
    pq = PreparedQuery.prepare(Query.build("Ayman al-Zawahiri"), screener.index)
    reached = sorted(e for e in range(len(screener.index.tokens)) if e % 3)
    pq.fill(set(reached))
    qf = pq.all_forms[0]
    keys, sims, weighted = qf.best
    assert keys.tolist() == reached
    inside = np.asarray(reached[:4], dtype=np.int64)
    assert np.array_equal(_at_entries(qf, inside, len(screener.index.tokens))[0], sims[:4])
    mixed = np.asarray([0, reached[0], 3, reached[-1]], dtype=np.int64)  # 0 and 3 unreached
    best, best_weighted = _at_entries(qf, mixed, len(screener.index.tokens))
    assert best[0] == best[2] == 0.0 and best_weighted[0] == best_weighted[2] == 0.0
    assert best[1] == sims[0] and best[3] == sims[-1]
    assert best_weighted[3] == weighted[-1]
