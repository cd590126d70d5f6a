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
