"""The population side of a name word's weight: frequent names of every tradition alike."""

from __future__ import annotations

import pytest

from coalition.names.frequency import COMMON, VERY_COMMON, population_cap


@pytest.mark.parametrize(("word", "cap"), [
    # the most frequent names of many traditions, by frequency alone
    ("wang", VERY_COMMON), ("kim", VERY_COMMON), ("nguyen", VERY_COMMON),
    ("smith", VERY_COMMON), ("ivanov", VERY_COMMON), ("khan", VERY_COMMON),
    ("muhammad", VERY_COMMON), ("garcia", VERY_COMMON), ("yilmaz", VERY_COMMON),
    ("sato", VERY_COMMON), ("diallo", VERY_COMMON), ("john", VERY_COMMON),
    ("hamid", COMMON), ("walker", COMMON), ("semenov", COMMON),
    # a rare word is not capped
    ("zawahiri", 1.0), ("lukashenko", 1.0), ("baghdadi", 1.0),
])
def test_population_cap(word: str, cap: float) -> None:
    assert population_cap(word) == cap


def test_spelling_variants_share_the_cap_of_their_canonical_form() -> None:
    # the screening analysis writes Mohammed, Mohamed and Muhammad one way
    from coalition.names.forms import analyse
    for spelling in ("Mohammed", "Mohamed", "Muhammad"):
        assert population_cap(analyse(spelling, organisation=False).tokens[0].text) == \
            VERY_COMMON


def test_two_frequent_names_written_as_one_word_weigh_what_both_do() -> None:
    assert population_cap("xiaoming") == pytest.approx(2 * VERY_COMMON)
    assert population_cap("jongun") == pytest.approx(VERY_COMMON + COMMON)
    assert population_cap("zawahirikim") == 1.0
