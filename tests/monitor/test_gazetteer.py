"""The curated alias table: case rules for acronyms, weak aliases, scripts, longest match."""

from __future__ import annotations

from coalition.monitor.gazetteer import Entry, Gazetteer, curated, curated_gazetteer, is_acronym


def found(text: str) -> list[tuple[str, str, bool]]:
    return [(h.text, h.entry.target, h.entry.strong) for h in curated_gazetteer().find(text)]


def test_isis_aliases_in_four_scripts_and_spellings() -> None:
    text = ("ISIS, ISIL, Islamic State, Daesh, Исламское государство and الدولة الإسلامية "
            "are one group.")
    assert {t for _, t, _ in found(text)} == {"mon-isil"}
    assert len(found(text)) == 6


def test_longest_match_wins() -> None:
    assert found("the Islamic State in Iraq and the Levant (ISIL)") == [
        ("Islamic State in Iraq and the Levant", "mon-isil", True), ("ISIL", "mon-isil", True)]


def test_acronyms_are_case_sensitive() -> None:
    assert found("Nato and Isis and fsb") == []
    assert [t for _, t, _ in found("NATO, FSB, CSTO and the G20")] == [
        "mon-nato", "mon-fsb", "mon-csto", "mon-g20"]
    assert found("What IS it?")[0][2] is False  # "IS" is weak


def test_lowercase_words_are_not_names() -> None:
    assert found("an islamic state of mind") == []
    assert found("troops returned to the base") == []


def test_single_word_aliases_are_weak() -> None:
    assert found("Putin said") == [("Putin", "mon-vladimir-putin", False)]
    assert found("Vladimir Putin said") == [("Vladimir Putin", "mon-vladimir-putin", True)]


def test_every_curated_actor_is_well_formed() -> None:
    ids = [a.id for a in curated()]
    assert len(ids) == len(set(ids))
    for actor in curated():
        assert actor.id.startswith("mon-") and actor.aliases
        assert actor.strong <= set(actor.aliases) and actor.weak <= set(actor.aliases)
    assert is_acronym("ФСБ") and is_acronym("G20") and not is_acronym("Al-Qaida")


def test_extra_entries_join_the_table() -> None:
    g = Gazetteer([Entry("x-1", "Example Front", "Organization", "Example Front", True, "list")])
    [hit] = g.find("The Example Front claimed it.")
    assert (hit.start, hit.end, hit.entry.target) == (4, 17, "x-1")
