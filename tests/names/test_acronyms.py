"""Acronyms of organisation names: the initials of the name words, small words left out."""

from __future__ import annotations

import pytest

from coalition.names.acronyms import acronym, looks_like_acronym
from coalition.names.forms import analyse


@pytest.mark.parametrize(("name", "expected"), [
    ("Islamic Revolutionary Guard Corps", "irgc"),
    ("Islamic State in Iraq and the Levant", "isil"),
    ("Islamic State of Iraq and Syria", "isis"),
    ("Liberation Tigers of Tamil Eelam", "ltte"),
    ("Revolutionary Armed Forces of Colombia", "rafc"),
    ("Kurdistan Workers' Party", "kwp"),
    ("Boko Haram", None),  # two name words: no acronym
    ("Sberbank", None),
    ("Joint Stock Company Almaz Antey Air Defence Concern", "aaadc"),  # the legal form is left out
    ("A B C D E F G", None),  # initials are no name words
    ("One Two Three Four Five Six Seven", None),  # more than six
    ("حزب الله العربي الكبير", None),  # an abjad name has no initials in Latin letters
])
def test_acronym(name: str, expected: str | None) -> None:
    assert acronym(analyse(name).tokens) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("IRGC", True), ("isil", True), ("Hamas", True), ("AQ", False), ("Al Qaida Network", False),
    ("ABCDEFG", False), ("K2K", False), ("داعش", False),
])
def test_looks_like_acronym(query: str, expected: bool) -> None:
    assert looks_like_acronym(analyse(query).tokens) is expected
