"""Linking through the seam with list entities in memory; judgements remembered."""

from __future__ import annotations

from coalition.model import Entity
from coalition.monitor.linking import EntityIndex, Linker
from coalition.monitor.mentions import Judgement, find_mentions
from coalition.monitor.ner import Span


def test_curated_alias_links_to_the_listed_entity(list_entities: list[Entity]) -> None:
    linker = Linker(EntityIndex(list_entities))
    ms = find_mentions("Daesh and the Islamic State attacked.", [], linker, {})
    assert {m.entity_id for m in ms} == {"un-sc-QDe.115"}
    assert [m.strong for m in ms] == [True, True]


def test_without_lists_the_curated_actor_stands_alone() -> None:
    ms = find_mentions("ISIS attacked.", [], Linker(EntityIndex(())), {})
    assert [(m.entity_id, m.caption) for m in ms] == [
        ("mon-isil", "Islamic State in Iraq and the Levant")]


def test_list_names_are_found_in_text(list_entities: list[Entity]) -> None:
    text = "Fighters of the Example Liberation Brigades of the North crossed."
    [m] = find_mentions(text, [], Linker(EntityIndex(list_entities)), {})
    assert (m.entity_id, m.origin, m.strong) == ("un-sc-QDe.999", "list", True)


def test_ner_names_link_through_the_index_or_stay_candidates(
        list_entities: list[Entity]) -> None:
    text = "Yusuf Example Karimi met Jane Roe. Karimi left."
    spans = [Span(0, 20, "Yusuf Example Karimi", "PER"), Span(25, 33, "Jane Roe", "PER"),
             Span(35, 41, "Karimi", "PER")]
    index = EntityIndex([e for e in list_entities if e.schema.name == "Organization"])
    ms = find_mentions(text, spans, Linker(index), {})
    assert [(m.text, m.status) for m in ms] == [
        ("Yusuf Example Karimi", "candidate"), ("Jane Roe", "candidate"), ("Karimi", "candidate")]
    assert ms[2].name_key == "yusuf example karimi"  # the surname joins its full name
    ms = find_mentions(text, spans, Linker(EntityIndex(list_entities)), {})
    assert ms[0].entity_id == "un-sc-QDi.999" and ms[0].origin == "list"
    assert ms[2].entity_id == "un-sc-QDi.999"


def test_judgements_are_applied() -> None:
    text = "Jane Roe spoke to Acme Media."
    spans = [Span(0, 8, "Jane Roe", "PER"), Span(18, 28, "Acme Media", "ORG")]
    judged = {"jane roe": Judgement("confirm", "analyst-jane-roe", "Jane Roe"),
              "acme media": Judgement("reject", None, None)}
    ms = find_mentions(text, spans, Linker(EntityIndex(())), judged)
    assert [(m.status, m.entity_id) for m in ms] == [
        ("linked", "analyst-jane-roe"), ("rejected", None)]


def spans_of(text: str, *named: tuple[str, str, int]) -> list[Span]:
    """NER spans given as (words, label, which occurrence)."""
    out = []
    for words, label, nth in named:
        at = -1
        for _ in range(nth + 1):
            at = text.index(words, at + 1)
        out.append(Span(at, at + len(words), words, label))
    return out


def test_a_weak_surname_ner_reads_as_a_place_is_not_the_person() -> None:
    text = "Festival Returns to Obama\nThe festival returned to the Japanese city of Obama."
    linker = Linker(EntityIndex(()))
    assert [m.entity_id for m in find_mentions(text, [], linker, {})] == ["mon-barack-obama"] * 2
    # NER says the second Obama is a place: neither (one sense per article) is the president
    spans = spans_of(text, ("Obama", "PER", 0), ("Obama", "LOC", 1))
    assert [m.entity_id for m in find_mentions(text, spans, linker, {})] == []
    # a full name is strong and never gives way
    text = "Barack Obama spoke. Obama landed in Obama, a city of Japan."
    spans = spans_of(text, ("Barack Obama", "PER", 0), ("Obama", "LOC", 2))
    ms = find_mentions(text, spans, linker, {})
    assert [(m.text, m.strong) for m in ms] == [("Barack Obama", True)]


def test_a_surname_inside_a_longer_non_person_name() -> None:
    text = "Visitors from County Kerry won. Kerry said the talks went well."
    linker = Linker(EntityIndex(()))
    spans = spans_of(text, ("County Kerry", "ORG", 0))
    ms = find_mentions(text, spans, linker, {})
    assert [(m.text, m.status, m.entity_id) for m in ms] == [
        ("County Kerry", "candidate", None)]
    # NER taking the surname alone for an organisation (a common error) keeps the person
    text = "Lavrov and Kerry met in Geneva."
    spans = spans_of(text, ("Lavrov", "ORG", 0), ("Kerry", "PER", 0))
    assert [m.entity_id for m in find_mentions(text, spans, linker, {})] == [
        "mon-sergei-lavrov", "mon-john-kerry"]


def test_an_acronym_in_title_case_links_weakly() -> None:
    # British style writes Nato and Isis; a river is also the Isis: such a name never alerts
    text = "Boats raced on the Isis. ISIS claimed the attack. Nato met."
    spans = spans_of(text, ("Isis", "ORG", 0), ("ISIS", "ORG", 0), ("Nato", "ORG", 0))
    ms = find_mentions(text, spans, Linker(EntityIndex(())), {})
    assert [(m.text, m.entity_id, m.strong) for m in ms] == [
        ("Isis", "mon-isil", False), ("ISIS", "mon-isil", True), ("Nato", "mon-nato", False)]


def test_a_weak_name_in_a_headline_needs_the_body() -> None:
    linker = Linker(EntityIndex(()))
    text = "Talks at the Base\n\nTroops returned to the base on Friday."
    assert find_mentions(text, [], linker, {}, headline_end=17) == []
    assert [m.entity_id for m in find_mentions(text, [], linker, {})] == ["mon-al-qaida"]
    text = "Talks at the Base\n\nThe Base, as al-Qaeda calls itself, said nothing."
    ms = find_mentions(text, [], linker, {}, headline_end=17)
    assert [m.text for m in ms] == ["the Base", "The Base", "al-Qaeda"]
