"""Entities from the resolution links: one screening result and one dossier per real-world
entity, whichever of its records it is asked by; one list's own records with `dataset`."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.errors import NotFoundError
from coalition.ledger import Ledger
from coalition.ledger.identity import (
    Identity,
    entity_ftm,
    entity_map,
    merged_entity,
    merged_ftm,
    related_of,
    store_screener,
    value_sources,
)
from coalition.ledger.links import Resolution
from coalition.ledger.resolve import resolve
from coalition.screening import Query
from tests.ledger.test_resolution import seeded  # noqa: F401 - the fixture

UN = "un-sc-QDi.900"
GB = "gb-ofsi-CTI0001"
US = "us-ofac-sdn-90001"


def test_the_map_names_each_linked_record_after_its_entity(seeded: Ledger) -> None:  # noqa: F811
    assert entity_map(seeded) == {}  # nothing linked yet
    resolve(seeded.store)
    mapping = entity_map(seeded.engine)
    assert {mapping[r] for r in (UN, GB, US)} == {UN}  # named after its UN record
    assert mapping["au-dfat-5001"] == mapping["ru-rfm-7001"] == "au-dfat-5001"
    assert "us-ofac-sdn-90002" not in mapping  # linked to nothing: its own entity
    assert Identity.of(seeded).records_of(GB) == [UN, GB, US]


def test_screening_answers_each_entity_once_and_a_list_alone_unmerged(
        seeded: Ledger) -> None:  # noqa: F811
    resolve(seeded.store)
    query = Query.build("Abu Testing Al-Fictional")
    results = store_screener(seeded.store).match(query, limit=10)
    assert [r.id for r in results].count(UN) == 1
    assert not {GB, US} & {r.id for r in results}
    top = results[0]
    assert top.id == UN and top.datasets == ["gb-ofsi", "un-sc", "us-ofac-sdn"]
    assert top.referents == ["gb-ofsi:CTI0001", "un-sc:QDi.900", "us-ofac-sdn:90001"]
    alone = store_screener(seeded.store, "gb-ofsi").match(query, limit=10)
    assert [r.id for r in alone] == [GB]
    assert alone[0].referents == ["gb-ofsi:CTI0001"] and alone[0].datasets == ["gb-ofsi"]


def test_a_different_judgement_keeps_two_results(seeded: Ledger,  # noqa: F811
                                                 tmp_path: Path) -> None:
    seeded.add_member("fr", "France, Ministry for Europe and Foreign Affairs", country="fr",
                      kind="foreign-ministry")
    Resolution(seeded.engine).judge(UN, GB, "different", author="fr",
                                    basis="different fathers' names in the court file")
    resolve(seeded.store)
    results = store_screener(seeded.store).match(Query.build("Abu Testing Al-Fictional"),
                                                 limit=10)
    by_id = {r.id: r for r in results}
    assert UN in by_id and GB in by_id
    assert set(by_id[UN].referents).isdisjoint(by_id[GB].referents)
    # the US record joins one of the two, never both
    assert sum("us-ofac-sdn:90001" in r.referents for r in results) == 1


def test_the_entity_whole_by_any_of_its_records(seeded: Ledger) -> None:  # noqa: F811
    resolve(seeded.store)
    for ref in (UN, GB, "us-ofac-sdn:90001"):
        entity = merged_entity(seeded.store, ref)
        assert entity.id == UN and entity.caption == "Abu Testing Al-Fictional"
        assert entity.referents == ["gb-ofsi:CTI0001", "un-sc:QDi.900", "us-ofac-sdn:90001"]
        assert entity.datasets == ["gb-ofsi", "un-sc", "us-ofac-sdn"]
    names = {row["value"]: row["datasets"] for row in value_sources(entity)["name"]}
    assert names == {"Abu Testing Al-Fictional": ["un-sc"],
                     "AL-FICTIONAL, Abu Testing": ["gb-ofsi"],
                     "FICTIONAL, Abu Testing": ["us-ofac-sdn"]}
    assert entity_ftm(entity)["properties"]["birthDate"] == ["1971-03-04"]
    related = related_of(seeded.store, entity)
    assert {r.schema.name for r in related} == {"Sanction", "Passport"}  # not his records
    assert len([r for r in related if r.schema.name == "Sanction"]) == 3
    loose = merged_entity(seeded.store, "us-ofac-sdn-90002")  # linked to nothing
    assert loose.id == "us-ofac-sdn-90002" and loose.datasets == ["us-ofac-sdn"]


def test_merged_ftm_for_results(seeded: Ledger) -> None:  # noqa: F811
    resolve(seeded.store)
    identity = Identity.of(seeded)
    found = merged_ftm(seeded.engine, [UN, "us-ofac-sdn-90002"], identity)
    assert found[UN]["id"] == UN and found[UN]["schema"] == "Person"
    assert sorted(found[UN]["properties"]["name"]) == [
        "AL-FICTIONAL, Abu Testing", "Abu Testing Al-Fictional", "FICTIONAL, Abu Testing"]
    assert found[UN]["datasets"] == ["gb-ofsi", "un-sc", "us-ofac-sdn"]
    assert found["us-ofac-sdn-90002"]["referents"] == ["us-ofac-sdn:90002"]


def test_an_unknown_reference_is_named(seeded: Ledger) -> None:  # noqa: F811
    with pytest.raises(NotFoundError, match="no entity or source record 'un-sc:QDi.404'"):
        merged_entity(seeded.store, "un-sc:QDi.404")


def test_the_screening_index_follows_the_links(seeded: Ledger, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "screening"
    apart = store_screener(seeded.store, cache=cache)
    resolve(seeded.store)
    merged = store_screener(seeded.store, cache=cache)
    assert len(merged) < len(apart)  # a new mapping: a new index, not the saved one
    again = store_screener(seeded.store, cache=cache)
    assert len(again) == len(merged) and len(list(cache.glob("*.npz"))) == 1
