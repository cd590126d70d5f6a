"""The batched token similarity equals the pairwise rule, pair for pair."""

from __future__ import annotations

import pytest

from coalition.names.forms import analyse
from coalition.screening.similarity import token_similarity
from coalition.screening.vector import VocabularyTable

NAMES = [
    "Muhammad bin Abdullah al-Qahtani", "Mohammed Abdalla Kahtani", "M. A. Qahtany",
    "Sberbank Financial Company LLC", "Sberbank Finansial Kompany Limited", "S. B. Finance Ltd",
    "Aleksei Lukasi", "Alexey Lukashin", "Aleksey Lukashenko", "Ali", "Ala", "Al", "X Y",
    "محمد عبد الله القحطاني", "حمید الله", "Хамидулла Абдуллаев", "Абдуллаев", "Abdullayev",
    "Kim Jong Un", "Kim Jong-un", "Jong Kim", "JSC Argument", "Argument AO", "Zheleznogorsk",
]


@pytest.fixture(scope="module")
def tokens():
    seen = {}
    for name in NAMES:
        for org in (False, True):
            for t in analyse(name, organisation=org).tokens:
                seen.setdefault(t, None)
    return list(seen)


def test_batched_similarity_equals_pairwise_rule(tokens):
    table = VocabularyTable(tokens)
    entries = list(range(len(tokens)))
    kinds = {t.kind for t in tokens}
    assert len(kinds) >= 3 and any(t.abjad for t in tokens)  # the rule's branches are met
    for qt in tokens:
        batched = table.similarities(qt, entries)
        pairwise = [token_similarity(qt, t) for t in tokens]
        assert batched == pytest.approx(pairwise, abs=1e-9), qt


def test_query_token_outside_the_vocabulary(tokens):
    table = VocabularyTable(tokens)
    outsider = analyse("Qahtaani Zzyzx", organisation=False).tokens
    for qt in outsider:
        assert table.similarities(qt, [0, 1, 2]) == pytest.approx(
            [token_similarity(qt, tokens[e]) for e in (0, 1, 2)])
    assert table.similarities(outsider[0], []) == []
