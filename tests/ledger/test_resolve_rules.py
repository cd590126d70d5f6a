"""Resolution rules: contradicting birth dates and documents keep records apart (at link time
and, for the resolver's links, in clusters, however they are chained); a new edition re-links
only what it added or changed; members' judgements are never overridden."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.ledger import Ledger, seed_from_store
from coalition.ledger.clusters import Clusters
from coalition.ledger.links import RESOLVER, Judgement, Resolution, judgement
from coalition.ledger.resolve import link_edition, resolve
from coalition.ledger.resolve_facts import (
    Facts,
    birth_dates_conflict,
    conflict,
    dates_contradict,
    imo_conflict,
    load_facts,
    passports_conflict,
)
from coalition.model import Entity
from coalition.store import DatasetInfo, Store


def person(ds: str, ref: str, name: str, *dobs: str) -> Entity:
    e = Entity("Person", f"{ds}-{ref}", dataset=ds, reference=f"{ds}:{ref}")
    e.add("name", name)
    for d in dobs:
        e.add("birthDate", d)
    return e


def passport(holder: Entity, number: str, country: str) -> Entity:
    ds = holder.datasets[0]
    p = Entity("Passport", f"{holder.id}-passport-{number}", dataset=ds,
               reference=holder.referents[0])
    p.add("holder", holder.id)
    p.add("number", number)
    p.add("country", country)
    return p


def write(store: Store, ds: str, entities: list[Entity], edition: str = "1",
          date: str = "2020-01-01") -> None:
    result = store.write_edition(DatasetInfo(ds, ds), list_date=date,
                                 content_hash=f"{ds}-{edition}", format="ftm", source=None,
                                 entities=entities)
    assert not result.unchanged


@pytest.mark.parametrize(("a", "b", "apart"), [
    ("1970", "1971", False),  # a year apart: lists round and disagree by one
    ("1970", "1972", True),
    ("1970-02-03", "1970-03-02", True),  # two full dates that differ
    ("1970-02-03", "1970", False),
    ("1970-02", "1970-02-03", False),
    ("1970-02-03", "1971-02-03", True),
    ("circa", "1970", False),  # no year to compare
])
def test_dates_contradict(a: str, b: str, apart: bool) -> None:
    assert dates_contradict(a, b) is apart
    assert dates_contradict(b, a) is apart


def test_conflicts_of_dates_and_documents() -> None:
    assert birth_dates_conflict(["1957-03-11"], ["1960", "1975-01-01"])
    assert not birth_dates_conflict(["1957-03-11"], ["1960", "1957"])  # one agrees
    assert not birth_dates_conflict([], ["1960"])  # nothing to contradict
    ir1, ir2 = frozenset({("ir", "A123456")}), frozenset({("ir", "B654321")})
    assert passports_conflict(ir1, ir2) == "ir"
    assert passports_conflict(ir1, frozenset({("iq", "B654321")})) is None  # another country
    assert passports_conflict(ir1, ir1 | ir2) is None  # a number in common
    assert imo_conflict(frozenset({"9123456"}), frozenset({"9654321"}))
    assert not imo_conflict(frozenset({"9123456"}), frozenset())
    assert conflict(Facts(("1957",)), Facts(("1960",))) is not None
    assert conflict(Facts(), Facts(("1960",))) is None


@pytest.fixture
def chain(store: Store, tmp_path: Path) -> Ledger:
    """One name on three lists: A and C give different full birth dates, B only the year
    (agreeing with both), so name and birth date would chain A-B-C."""
    write(store, "au-dfat", [person("au-dfat", "1", "Karim Yusuf Zubaydi", "1970-02-03")])
    write(store, "gb-ofsi", [person("gb-ofsi", "1", "Karim Yusuf Zubaydi", "1970")])
    write(store, "ca-sema", [person("ca-sema", "1", "Karim Yusuf Zubaydi", "1970-09-30")])
    write(store, "eu-fsf", [person("eu-fsf", "1", "Karim Yusuf Zubaydi", "1985-05-05")])
    for ds in ("au-dfat", "gb-ofsi", "ca-sema", "eu-fsf"):
        seed_from_store(store, ds, tmp_path / "keys")
    return Ledger(store, tmp_path / "keys")


def test_a_chain_never_joins_contradicting_birth_dates(chain: Ledger) -> None:
    report = resolve(chain.store)
    c = chain.clusters()
    assert c.of("au-dfat-1") != c.of("ca-sema-1")  # through gb's year-only record or not
    assert c.of("gb-ofsi-1") in (c.of("au-dfat-1"), c.of("ca-sema-1"))
    assert c.of("eu-fsf-1") not in {c.of(e) for e in ("au-dfat-1", "gb-ofsi-1", "ca-sema-1")}
    assert report.conflicting >= 1 and report.recorded == 1
    # the same rule at cluster time: given the facts, a chain of resolver links is cut
    links = [judgement("au-dfat-1", "gb-ofsi-1", "same", "name-dob", "test", 0.95, RESOLVER),
             judgement("gb-ofsi-1", "ca-sema-1", "same", "name-dob", "test", 0.9, RESOLVER)]
    facts = load_facts(chain.engine)
    cut = Clusters(links, facts)
    assert cut.of("au-dfat-1") != cut.of("ca-sema-1") and len(cut.skipped) == 1
    assert Clusters(links).of("au-dfat-1") == Clusters(links).of("ca-sema-1")  # no facts given
    # a member's `same` is their call: applied whatever the facts
    member = judgement("au-dfat-1", "ca-sema-1", "same", "manual", "court records", 1.0, "gb")
    assert Clusters([*links, member], facts).of("au-dfat-1") == \
        Clusters([*links, member], facts).of("ca-sema-1")


def test_different_passports_of_one_country_are_not_linked(store: Store,
                                                           tmp_path: Path) -> None:
    a = person("gb-ofsi", "7", "Omar Khalid Nasser", "1980-01-01")
    b = person("us-ofac-sdn", "7", "Omar Khalid Nasser", "1980-01-01")
    c = person("au-dfat", "7", "Omar Khalid Nasser", "1980-01-01")
    write(store, "gb-ofsi", [a, passport(a, "P1234567", "jo")])
    write(store, "us-ofac-sdn", [b, passport(b, "P7654321", "jo")])
    write(store, "au-dfat", [c, passport(c, "P1234567", "jo")])
    resolve(store)
    links = {j.pair for j in Resolution(store.engine).current().values()}
    assert ("au-dfat-7", "gb-ofsi-7") in links  # the same passport
    assert not {p for p in links if "us-ofac-sdn-7" in p}  # another passport of Jordan


def test_a_new_edition_relinks_only_what_it_changed_and_keeps_judgements(
        chain: Ledger) -> None:
    store, res = chain.store, chain.resolution
    resolve(store)
    held = dict(res.current())
    # a member denies one link and affirms a pair the resolver held back
    (linked,) = [j for j in held.values() if j.verdict == "same"]
    res.judge(linked.left, linked.right, "different", author="gb", basis="a namesake")
    res.judge("au-dfat-1", "ca-sema-1", "same", author="au", basis="one person, two dates")
    # gb's next edition: its record changed (a full date now), a new record added
    write(store, "gb-ofsi", [person("gb-ofsi", "1", "Karim Yusuf Zubaydi", "1970", "1970-02-03"),
                             person("gb-ofsi", "2", "Layla Qurashiyya", "1972-01-01")],
          edition="2", date="2021-01-01")
    diff = store.diff("gb-ofsi")
    report = link_edition(store, diff)
    assert report is not None and report.incremental
    assert report.records == 2  # the changed and the added record, nothing else
    current = res.current()
    assert current[linked.pair].verdict == "different"  # the denial stands
    assert current[("au-dfat-1", "ca-sema-1")].author == "au"
    c = chain.clusters()
    assert c.of(linked.left) != c.of(linked.right)
    assert c.of("au-dfat-1") == c.of("ca-sema-1")
    # gb drops its record: its judgements stay, as history, and so does its cluster
    before = {e: c.referents(e) for e in c.parent}
    write(store, "gb-ofsi", [person("gb-ofsi", "2", "Layla Qurashiyya", "1972-01-01")],
          edition="3", date="2022-01-01")
    assert link_edition(store, store.diff("gb-ofsi")) is None  # nothing added or changed
    assert res.current() == current
    after = chain.clusters()
    assert {e: after.referents(e) for e in after.parent} == before


def test_incremental_finds_what_a_full_run_finds(store: Store, tmp_path: Path) -> None:
    from tests.ledger.test_resolution import lists

    for ds, entities in lists().items():
        write(store, ds, entities)
    full = resolve(store, dry_run=True)
    # linking each list as if it had just been imported, in turn
    cache = tmp_path / "resolve"
    for ds in lists():
        link_edition(store, store.diff(ds), cache)
    held = {j.pair for j in Resolution(store.engine).current().values()}
    assert len(held) == sum(full.new.values()) == 5
    again = resolve(store, cache=cache)
    assert again.recorded == 0


def test_clusters_keep_their_signature(store: Store) -> None:
    j = Judgement("a", "b", "same", "manual", "x", 1.0, "gb")
    assert Clusters([j]).referents("a") == ["a", "b"]


@pytest.mark.parametrize(("name", "key"), [
    ("KRIVETS, Aleksandr", "aleksandr krivets"),
    ("Aleksandr KRIVETS", "aleksandr krivets"),
    ("Ivan Petrov", None),          # two frequent words: a name many people carry
    ("Veremeenko", None),           # one word
    ("Sergey Veremeenko", "sergei veremeenko"),  # the given name spelled one way
])
def test_person_name_key(name: str, key: str | None) -> None:
    from coalition.ledger.resolve_keys import person_name_key
    assert person_name_key(name) == key


def test_a_rare_name_links_where_a_list_gives_no_birth_date(store: Store) -> None:
    write(store, "gb-ofsi", [person("gb-ofsi", "1", "Aleksandr KRIVETS", "1984-07-07"),
                             person("gb-ofsi", "2", "Ivan Petrov", "1970-01-01"),
                             person("gb-ofsi", "3", "Oleg Zhuravchenko", "1961-05-05")])
    write(store, "ca-sema", [person("ca-sema", "1", "KRIVETS, Aleksandr"),
                             person("ca-sema", "2", "Ivan Petrov")])
    write(store, "eu-fsf", [person("eu-fsf", "3", "Oleg Zhuravchenko", "1979-09-09")])
    resolve(store)
    links = {j.pair: j for j in Resolution(store.engine).current().values()}
    assert links[("ca-sema-1", "gb-ofsi-1")].method == "person-name"
    assert ("ca-sema-2", "gb-ofsi-2") not in links  # a frequent name alone links nothing
    assert ("eu-fsf-3", "gb-ofsi-3") not in links  # both dated, and the dates differ
