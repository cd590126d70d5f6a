"""Entity resolution: records of different lists linked as one entity, on what basis, with
what confidence; judgements are append-only and a member's retraction or denial stands."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from coalition.errors import CoalitionError, NotFoundError, UsageError
from coalition.ledger import Ledger, seed_from_store
from coalition.ledger.resolve import resolve
from coalition.model import Entity
from coalition.store import DatasetInfo, Store


def person(ds: str, ref: str, name: str, dob: str | None = None, **props: str) -> Entity:
    e = Entity("Person", f"{ds}-{ref}", dataset=ds, reference=f"{ds}:{ref}")
    e.add("name", name)
    if dob:
        e.add("birthDate", dob)
    for prop, value in props.items():
        e.add(prop, value)
    return e


def org(ds: str, ref: str, name: str) -> Entity:
    e = Entity("Organization", f"{ds}-{ref}", dataset=ds, reference=f"{ds}:{ref}")
    e.add("name", name)
    return e


def sanction(target: Entity, listed: str, un_ref: str | None = None) -> Entity:
    ds = target.datasets[0]
    s = Entity("Sanction", f"{target.id}-sanction", dataset=ds,
               reference=target.referents[0])
    s.add("entity", target.id)
    s.add("listingDate", listed)
    s.add("program", f"{ds} programme")
    if un_ref:
        s.add("unscId", un_ref)
    return s


def passport(holder: Entity, number: str) -> Entity:
    ds = holder.datasets[0]
    p = Entity("Passport", f"{holder.id}-passport", dataset=ds, reference=holder.referents[0])
    p.add("holder", holder.id)
    p.add("number", number)
    return p


def lists() -> dict[str, list[Entity]]:
    un_p = person("un-sc", "QDi.900", "Abu Testing Al-Fictional", "1971-03-04")
    un_o = org("un-sc", "QDe.900", "Crimson Hand Brigade")
    gb_p = person("gb-ofsi", "CTI0001", "AL-FICTIONAL, Abu Testing")
    gb_o = org("gb-ofsi", "CTE0001", "The Crimson Hand")  # its UN reference links it
    us_p = person("us-ofac-sdn", "90001", "FICTIONAL, Abu Testing", passportNumber="K 7712345")
    us_q = person("us-ofac-sdn", "90002", "Someone Else Entirely", passportNumber="Z9988776")
    au_p = person("au-dfat", "5001", "Ivan Petrovich Sidorov", "1970-02-03")
    au_q = person("au-dfat", "5002", "Olga Nikolaevna Vetrova", "1980-01-01")
    ru_p = person("ru-rfm", "7001", "Иван Петрович Сидоров", "1970-02-03")
    ru_q = person("ru-rfm", "7002", "Ольга Николаевна Ветрова", "1966-06-06")
    ca_o = org("ca-sema", "Test-1", "Crimson Hand Brigade")
    return {
        "un-sc": [un_p, sanction(un_p, "2011-05-01", "QDi.900"), un_o,
                  sanction(un_o, "2010-01-01", "QDe.900")],
        "gb-ofsi": [gb_p, sanction(gb_p, "2011-06-01", "QDi.900"),
                    passport(gb_p, "K7712345"), gb_o, sanction(gb_o, "2012-01-01", "QDe.900.")],
        "us-ofac-sdn": [us_p, sanction(us_p, "2013-01-01"), us_q, sanction(us_q, "2013-01-01")],
        "au-dfat": [au_p, sanction(au_p, "2015-01-01"), au_q, sanction(au_q, "2015-01-01")],
        "ru-rfm": [ru_p, sanction(ru_p, "2016-01-01"), ru_q, sanction(ru_q, "2016-01-01")],
        "ca-sema": [ca_o, sanction(ca_o, "2017-01-01")],
    }


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Ledger:
    for ds, entities in lists().items():
        store.write_edition(DatasetInfo(ds, ds), list_date="2020-01-01", content_hash=ds,
                            format="ftm", source=None, entities=entities)
        seed_from_store(store, ds, tmp_path / "keys")
    return Ledger(store, tmp_path / "keys")


def clusters_of(ledger: Ledger, known_at: str | None = None) -> set[frozenset[str]]:
    c = ledger.clusters(known_at)
    return {frozenset(c.referents(e)) for e in c.parent if len(c.referents(e)) > 1}


EXPECTED = {
    frozenset({"un-sc-QDi.900", "gb-ofsi-CTI0001", "us-ofac-sdn-90001"}),
    frozenset({"un-sc-QDe.900", "gb-ofsi-CTE0001", "ca-sema-Test-1"}),
    frozenset({"au-dfat-5001", "ru-rfm-7001"}),
}


def test_resolve_links_by_each_method_and_consolidates_clusters(seeded: Ledger) -> None:
    assert seeded.consolidated("quorum:2", "2020-01-01") == []  # one entity id per list
    dry = resolve(seeded.store, dry_run=True)
    assert dry.new == {"un-reference": 2, "identifier": 1, "org-name": 1, "name-dob": 1}
    assert (dry.recorded, dry.clusters, dry.largest_cluster) == (0, 3, 3)
    assert clusters_of(seeded) == set()  # a dry run records nothing
    report = resolve(seeded.store)
    assert report.recorded == 5 and report.clustered_records == 8
    assert clusters_of(seeded) == EXPECTED
    again = resolve(seeded.store)
    assert (again.recorded, again.already_judged) == (0, 5)

    by_id = {e.entity_id: e for e in seeded.consolidated("quorum:2", "2020-01-01")}
    assert set(by_id) == {"un-sc-QDi.900", "un-sc-QDe.900", "au-dfat-5001"}
    person = by_id["un-sc-QDi.900"]
    assert person.listed_by == ["gb", "unsc", "us"]
    assert person.referents == ["un-sc-QDi.900", "gb-ofsi-CTI0001", "us-ofac-sdn-90001"]
    assert person.since == "2011-06-01"  # the second member's listing
    data = person.to_dict()
    assert data["positions"]["us"]["entity"] == "us-ofac-sdn-90001"
    methods = {link["method"] for link in data["links"]}  # type: ignore[union-attr]
    assert methods == {"un-reference", "identifier"}
    assert any("K7712345" in str(link["basis"]) for link in data["links"])  # type: ignore[union-attr]
    assert {e.entity_id for e in seeded.consolidated("quorum:3", "2020-01-01")} == {
        "un-sc-QDi.900", "un-sc-QDe.900"}
    assert {e.entity_id for e in seeded.consolidated("quorum:2", "2012-12-31")} == {
        "un-sc-QDi.900", "un-sc-QDe.900"}
    unresolved = seeded.consolidated("quorum:2", "2020-01-01", resolved=False)
    assert unresolved == []


def test_negative_cases_stay_apart(seeded: Ledger) -> None:
    resolve(seeded.store)
    linked = {e for cluster in clusters_of(seeded) for e in cluster}
    # same name, other birth date; passport held by someone whose name shares nothing
    assert not linked & {"au-dfat-5002", "ru-rfm-7002", "us-ofac-sdn-90002"}


def test_a_retraction_stands_and_the_past_view_is_reproduced(seeded: Ledger) -> None:
    resolve(seeded.store)
    with seeded.engine.connect() as conn:
        before = conn.execute(sa.text("select max(recorded_at) from ledger_links")).scalar_one()
    res = seeded.resolution
    j = res.judge("ru-rfm-7001", "au-dfat-5001", "retracted", author="gb",
                  basis="different fathers' names in the court records")
    assert (j.left, j.verdict, j.retracts is not None) == ("au-dfat-5001", "retracted", True)
    assert frozenset({"au-dfat-5001", "ru-rfm-7001"}) not in clusters_of(seeded)
    assert frozenset({"au-dfat-5001", "ru-rfm-7001"}) in clusters_of(seeded, before)
    assert resolve(seeded.store).recorded == 0  # the resolver does not undo it
    history = res.history("ru-rfm-7001")
    assert [h.verdict for h in history] == ["same", "retracted"]
    # a denial beats a chain: gb's record is not the UN's, so the UK link is left out
    res.judge("un-sc-QDi.900", "gb-ofsi-CTI0001", "different", author="unsc",
              basis="a namesake", confidence=0.9)
    c = seeded.clusters()
    assert c.of("gb-ofsi-CTI0001") != c.of("un-sc-QDi.900")
    assert c.of("us-ofac-sdn-90001") in (c.of("gb-ofsi-CTI0001"), c.of("un-sc-QDi.900"))


@pytest.mark.parametrize(("args", "error", "match"), [
    (("un-sc-QDi.900", "un-sc-QDi.900", "same"), UsageError, "with itself"),
    (("un-sc-QDi.900", "nobody-1", "same"), NotFoundError, "unknown entity 'nobody-1'"),
    (("un-sc-QDi.900", "au-dfat-5001", "maybe"), UsageError, "verdict 'maybe'"),
])
def test_bad_judgements_are_refused_and_change_nothing(
        seeded: Ledger, args: tuple[str, str, str], error: type[CoalitionError],
        match: str) -> None:
    res = seeded.resolution
    with pytest.raises(error, match=match):
        res.judge(*args, author="gb", basis="test")
    with pytest.raises(NotFoundError, match="unknown member 'xx'"):
        res.judge("un-sc-QDi.900", "au-dfat-5001", "same", author="xx", basis="test")
    with pytest.raises(UsageError, match="confidence 1.5"):
        res.judge("un-sc-QDi.900", "au-dfat-5001", "same", author="gb", basis="x",
                  confidence=1.5)
    with pytest.raises(UsageError, match="needs a basis"):
        res.judge("un-sc-QDi.900", "au-dfat-5001", "same", author="gb", basis="  ")
    assert res.current() == {}


def test_screening_a_resolved_view_finds_the_entity_with_its_members(seeded: Ledger) -> None:
    from coalition.ledger.screening_view import screen_view
    from coalition.screening import Query

    resolve(seeded.store)
    screener = screen_view(seeded, "quorum:2", "2020-01-01")
    found = {r.id: r for r in screener.match(Query.build("Ivan Petrovich Sidorov",
                                                         birth_date="1970-02-03"), limit=10)
             if r.match}
    assert len(found) == 1  # the one person, once, with both records
    (hit,) = found.values()
    assert set(hit.referents) == {"au-dfat:5001", "ru-rfm:7001"}
    assert hit.listed_by == ["au", "ru"]
    assert not [r for r in screener.match(Query.build("Olga Nikolaevna Vetrova"), limit=10)
                if r.match]  # on one list only: not on the quorum:2 view
