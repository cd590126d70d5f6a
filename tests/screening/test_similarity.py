"""Edit similarity: one typo in a word costs less than two, so a typo in every word of a name
still scores it as that name, while two edits in a short word stay below a token match."""

from __future__ import annotations

import pytest
from screening_entities import person

from coalition.screening import Query, Screener
from coalition.screening.similarity import MIN_TOKEN_SIMILARITY, edit_similarity


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("rabi", "ragi", 0.85),          # one substitution in four letters
    ("ahmadzai", "ahmadzia", 0.925),  # one transposition in eight
    ("fazl", "fatzl", 0.88),          # one insertion, five letters in the longer
    ("tanba", "tann", 0.68),          # two edits in five: 1 - 0.8 x 2/5
    ("abcdef", "abxdyf", 1 - 0.8 * 2 / 6),
])
def test_edit_similarity(a: str, b: str, expected: float) -> None:
    assert edit_similarity(a, b) == pytest.approx(expected)


def test_two_edits_in_a_short_word_stay_below_a_token_match() -> None:
    assert edit_similarity("tanba", "tann") < MIN_TOKEN_SIMILARITY
    assert edit_similarity("rabi", "ragi") > MIN_TOKEN_SIMILARITY


def test_a_typo_in_every_word_still_matches() -> None:
    screener = Screener.from_entities([person("p-1", "Fazl Rabi Ahmadzai"),
                                       person("p-2", "Karim Hassan Nurani")])
    results = screener.match(Query.build("Fatzl Ragi Ahmadzia"))
    assert results[0].id == "p-1" and results[0].match, results
