"""The compiled name-scoring kernel (_kernel.pyx) gives what the Python path gives, score for
score: on fictional lists drawn by hypothesis (always run) and on thousands of queries
against a real list (where ../shared/datasets is present).

Each record's names are scored both ways against the same prepared query, the floats
compared with ==, the form and name that gave the best score compared too; and whole
answers of `Screener.match` are compared with the kernel switched off (`features.KERNEL`
set to None, what COALITION_NO_KERNEL=1 does at import).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from screening_entities import organisation, person
from test_speed_equality import answers, drawn_queries

from coalition.model import Entity
from coalition.screening import Query, Screener, features, kernel
from coalition.screening.prepared import PreparedQuery
from coalition.sources.pipeline import import_path
from coalition.store import Store

KERNEL = features.KERNEL


def needs_kernel() -> kernel.NameKernel:
    if KERNEL is None:
        pytest.skip(f"the compiled kernel is not in use: {kernel.why_not()}")
    return KERNEL


def compare_records(screener: Screener, pq: PreparedQuery, k: kernel.NameKernel) -> int:
    """Score every record's strong and weak names both ways; the number of records with a
    score above 0."""
    scored = 0
    for record in screener.records:
        for names, compacts in ((record.names, record.compacts), (record.weak, None)):
            got = k.best_name(pq, record, names, compacts)
            want = features.best_name_found(pq, record, names, compacts)
            assert got is not None, record.raw_names
            assert got[0] == want[0], (pq.query.names, record.raw_names)
            if want[1] is None:
                assert got[1] is None
                continue
            assert got[1] is not None
            assert got[1][0] is want[1][0]  # the same query form
            assert got[1][1:] == want[1][1:], (pq.query.names, record.raw_names)
            scored += 1
        for qf in pq.all_forms:
            for name, compact in zip(record.names, record.compacts, strict=True):
                assert k.name_similarity(pq, qf, name, compact) == \
                    features._name_similarity(pq, qf, name, compact)
    return scored


# fictional words: syllables of no particular language, some Arabic-script words, initials,
# legal forms, generic words and connectives, so that every rule of the scoring is met
SYLLABLES = ["ka", "ro", "mi", "zu", "tel", "an", "bar", "dos", "ih", "vak", "le", "sun"]
ARABIC = ["كرم", "سلام", "برد", "مير", "نور", "حسن"]
SMALL = ["Group", "LLC", "Company", "Movement", "Front", "bin", "al", "de", "A.", "K."]

word = st.one_of(
    st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(
        lambda parts: "".join(parts).capitalize()),
    st.sampled_from(ARABIC),
    st.sampled_from(SMALL),
)
a_name = st.lists(word, min_size=1, max_size=5).map(" ".join)


def typo(name: str, at: int) -> str:
    """One letter of a name changed (the alphabet shifted by one)."""
    if not name:
        return name
    at %= len(name)
    return name[:at] + chr(ord(name[at]) + 1) + name[at + 1:]


@st.composite
def fictional(draw: st.DrawFn) -> tuple[list[Entity], list[str]]:
    entities: list[Entity] = []
    for n in range(draw(st.integers(3, 12))):
        names = draw(st.lists(a_name, min_size=1, max_size=3))
        if draw(st.booleans()):
            entities.append(person(f"p{n}", *names))
        else:
            entities.append(organisation(f"o{n}", *names))
    listed = [n for e in entities for n in e.get("name") + e.get("alias")]
    queries = draw(st.lists(st.one_of(
        a_name,
        st.sampled_from(listed),
        st.tuples(st.sampled_from(listed), st.integers(0, 40)).map(lambda p: typo(*p)),
        st.sampled_from(listed).map(lambda n: " ".join(reversed(n.split()))),
        st.sampled_from(listed).map(lambda n: n.replace(" ", "")),
    ), min_size=1, max_size=4))
    return entities, queries


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fictional(), st.sampled_from(["lazy", "rows", "arrays"]))
def test_kernel_scores_fictional_lists_as_python_does(
        drawn: tuple[list[Entity], list[str]], filled: str) -> None:
    """Lazy: no fill, both sides compute similarities as they go; rows: fill completes the
    row dicts and its arrays; arrays: only the arrays the kernel reads, the Python side
    computes its own (so fill's batched similarities are checked against them too)."""
    k = needs_kernel()
    entities, queries = drawn
    screener = Screener.from_entities(entities)
    for text in queries:
        for schema in ("Person", "Organization", "Thing"):
            pq = PreparedQuery.prepare(Query.build(text, schema=schema), screener.index)
            if not pq.all_forms:
                continue
            # every record compared, as if retrieval had reached all their words
            pq.reached.update(range(len(screener.index.tokens)))
            pq.compact_hits.update(range(len(screener.records)))
            if filled != "lazy":
                pq.fill(set(range(len(screener.index.tokens))), rows=filled == "rows")
            compare_records(screener, pq, k)


def test_kernel_scores_the_shared_fixture_as_python_does(listed: list[Entity]) -> None:
    k = needs_kernel()
    screener = Screener.from_entities(listed)
    scored = 0
    for record in screener.records:
        for text in (*record.raw_names, *record.raw_weak):
            pq = PreparedQuery.prepare(Query.build(text), screener.index)
            pq.reached.update(range(len(screener.index.tokens)))
            pq.compact_hits.update(range(len(screener.records)))
            scored += compare_records(screener, pq, k)
    assert scored > len(screener.records)  # every listed name finds at least its record


def test_answers_with_and_without_the_kernel_on_the_fixture(
        listed: list[Entity], monkeypatch: pytest.MonkeyPatch) -> None:
    needs_kernel()
    screener = Screener.from_entities(listed)
    queries = [Query.build(n) for e in listed for n in e.get("name") + e.get("alias")]
    queries += [Query.build(typo(q.names[0], 3)) for q in queries]
    fast = answers(screener, queries)
    monkeypatch.setattr(features, "KERNEL", None)
    assert answers(screener, queries) == fast
    assert sum(1 for a in fast if a) > len(queries) // 2


@pytest.mark.datasets
@pytest.mark.slow
def test_kernel_equals_python_on_real_queries(
        datasets: Path, sqlite_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    k = needs_kernel()
    import_path(sqlite_store, datasets / "lists" / "un" / "UN_consolidated_2026-02-27.xml")
    screener = Screener.from_store(sqlite_store)
    queries = drawn_queries(screener, 3000)
    fast = answers(screener, queries)
    with monkeypatch.context() as patched:
        patched.setattr(features, "KERNEL", None)
        plain = answers(screener, queries)
    assert sum(1 for a in plain if a) > len(queries) // 2
    for query, got, want in zip(queries, fast, plain, strict=True):
        assert got == want, query
    # record by record, for the candidates retrieval finds for a few hundred of them
    scored = 0
    for query in queries[:300]:
        pq = PreparedQuery.prepare(query, screener.index)
        found = screener.index.candidates(pq, limit=screener.candidates)
        entries = {e for idx, _ in found for n in (*screener.records[idx].names,
                                                   *screener.records[idx].weak) for e in n}
        pq.fill(entries)
        for idx, _ in found:
            record = screener.records[idx]
            got = k.best_name(pq, record, record.names, record.compacts)
            want = features.best_name_found(pq, record, record.names, record.compacts)
            assert got is not None and got[0] == want[0], (query, record.id)
            scored += want[0] > 0
    assert scored > 300


def test_no_kernel_env_forces_the_python_path() -> None:
    code = "from coalition.screening import features, kernel; " \
           "print(features.KERNEL is None, kernel.why_not())"
    env = {**os.environ, "COALITION_NO_KERNEL": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "True COALITION_NO_KERNEL is set"


def test_a_kernel_older_than_its_source_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.environ.get("COALITION_NO_KERNEL"):
        pytest.skip("COALITION_NO_KERNEL is set: the kernel is never looked at")
    built = kernel.why_not()
    if built is not None:
        pytest.skip(f"the compiled kernel is not in use: {built}")
    source = tmp_path / "_kernel.pyx"
    source.write_text("# edited\n")
    future = 4_000_000_000  # 2096: later than any build
    os.utime(source, (future, future))
    monkeypatch.setattr(kernel, "SOURCE", source)
    reason = kernel.why_not()
    assert reason is not None and "older than _kernel.pyx" in reason
    assert kernel.load() is None


def test_a_built_kernel_is_in_use() -> None:
    """Where the extension is built and not switched off, screening uses it (a stale or
    broken build would otherwise leave the kernel silently untested)."""
    reason = kernel.why_not()
    if reason is not None and "not built" in reason or os.environ.get("COALITION_NO_KERNEL"):
        pytest.skip(f"the compiled kernel is not in use: {reason}")
    assert reason is None, reason
    assert features.KERNEL is not None


def neumaier_sum(values: list[float]) -> float:
    """Python 3.12's sum() of floats, written out (Neumaier's compensated summation)."""
    total = c = 0.0
    for x in values:
        t = total + x
        c += (total - t) + x if abs(total) >= abs(x) else (x - t) + total
        total = t
    return total + c if c and math.isfinite(c) else total


@settings(max_examples=300)
@given(st.lists(st.floats(0.0, 10.0) | st.sampled_from([0.1, 0.2, 0.3, 1e-12, 1e12]),
                max_size=30))
def test_kernel_sums_as_python_does(values: list[float]) -> None:
    needs_kernel()
    from coalition.screening import _kernel  # type: ignore[attr-defined]

    assert _kernel.python_sum(values) == sum(values)  # this Python's own sum()
    assert _kernel.python_sum(values, compensated=True) == neumaier_sum(values)
    plain = 0.0
    for x in values:
        plain += x
    assert _kernel.python_sum(values, compensated=False) == plain
