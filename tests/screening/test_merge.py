"""One result per real-world entity: records of several lists merged before the index is built."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from screening_entities import organisation, person

from coalition.model import Entity
from coalition.screening import Query, Screener
from coalition.screening.merge import merge_records
from coalition.screening.records import Record


def zawahiri_records() -> list[Entity]:
    """One person on three lists, each spelling him its own way, and someone else."""
    return [
        person("un-sc-QDi.006", "AIMAN MUHAMMED RABI AL-ZAWAHIRI", "Ayman al-Zawahiri",
               dataset="un-sc", birthDate="1951-06-19", nationality="eg", gender="male"),
        person("us-ofac-sdn-2676", "AL ZAWAHIRI, Dr. Ayman", "Ayman al-Zawahiri",
               dataset="us-ofac-sdn", birthDate="1951-06-19", passportNumber="1084010"),
        person("eu-fsf-551", "Ayman Al Zawahari", dataset="eu-fsf", birthDate="1951",
               nationality="eg", gender="male"),
        person("un-sc-QDi.999", "Ayman Zawahiri Hassan", dataset="un-sc", birthDate="1980"),
    ]


ZAWAHIRI = {"us-ofac-sdn-2676": "un-sc-QDi.006", "eu-fsf-551": "un-sc-QDi.006",
            "un-sc-QDi.006": "un-sc-QDi.006"}


def ids(screener: Screener, name: str) -> list[str]:
    return [r.id for r in screener.match(Query.build(name), limit=10)]


def test_records_of_one_entity_give_one_result_with_every_source() -> None:
    apart = Screener.from_entities(zawahiri_records())
    assert {"un-sc-QDi.006", "us-ofac-sdn-2676", "eu-fsf-551"} <= set(
        ids(apart, "Ayman al-Zawahiri"))  # unmerged, he comes back three times
    assert len(apart) == 4
    merged = Screener.from_entities(zawahiri_records(), entity_ids=ZAWAHIRI)
    assert len(merged) == 2
    results = merged.match(Query.build("Ayman al-Zawahiri", birth_date="1951-06-19"), limit=10)
    assert [r.id for r in results].count("un-sc-QDi.006") == 1
    top = results[0]
    assert top.id == "un-sc-QDi.006" and top.caption == "AIMAN MUHAMMED RABI AL-ZAWAHIRI"
    assert top.referents == ["eu-fsf:eu-fsf-551", "un-sc:un-sc-QDi.006",
                             "us-ofac-sdn:us-ofac-sdn-2676"]
    assert top.datasets == ["eu-fsf", "un-sc", "us-ofac-sdn"]
    # the name two lists give is said to come from both; the full date from those that give it
    assert top.explanations["name_match"]["detail"].endswith("[un-sc, us-ofac-sdn]")
    assert top.explanations["dob_match"]["detail"].endswith("[un-sc, us-ofac-sdn]")
    assert "un-sc-QDi.999" in [r.id for r in results]


def test_a_merged_record_unites_values_and_keeps_their_lists() -> None:
    records = [Record.from_entity(e) for e in zawahiri_records()]
    (one, other) = merge_records(records, ZAWAHIRI)
    assert other.id == "un-sc-QDi.999" and other.name_lists == ()
    assert one.raw_names[:2] == ("AIMAN MUHAMMED RABI AL-ZAWAHIRI", "Ayman al-Zawahiri")
    assert set(one.raw_names) == {"AIMAN MUHAMMED RABI AL-ZAWAHIRI", "Ayman al-Zawahiri",
                                  "AL ZAWAHIRI, Dr. Ayman", "Ayman Al Zawahari"}
    lists = dict(zip(one.raw_names, one.name_lists, strict=True))
    assert lists["Ayman al-Zawahiri"] == ("un-sc", "us-ofac-sdn")
    assert lists["Ayman Al Zawahari"] == ("eu-fsf",)
    assert dict(zip(one.birth_dates, one.date_lists, strict=True)) == {
        "1951-06-19": ("un-sc", "us-ofac-sdn"), "1951": ("eu-fsf",)}
    assert one.countries == {"eg"} and one.identifiers == {"1084010"}
    assert one.gender == "male"  # two lists say male, one says nothing


def test_gender_is_kept_only_when_the_records_agree() -> None:
    a = person("a-1", "Sam Quentin Marlow", dataset="un-sc", gender="male")
    b = person("b-1", "Sam Quentin Marlow", dataset="eu-fsf", gender="female")
    (one,) = merge_records([Record.from_entity(a), Record.from_entity(b)], {"b-1": "a-1"})
    assert one.gender is None and one.datasets == ("eu-fsf", "un-sc")


def test_records_that_cannot_be_one_entity_stay_apart() -> None:
    a = person("a-1", "Sea Breeze Star", dataset="un-sc")
    b = organisation("b-1", "Sea Breeze Star", schema="Vessel", dataset="eu-fsf")
    c = organisation("c-1", "Sea Breeze Star", schema="Company", dataset="gb-ofsi")
    d = organisation("d-1", "Sea Breeze Star Shipping", dataset="au-dfat")  # an Organization
    merged = merge_records([Record.from_entity(e) for e in (a, b, c, d)],
                           {"b-1": "a-1", "c-1": "a-1", "d-1": "a-1"})
    by_id = {r.id: r for r in merged}
    assert set(by_id) == {"a-1", "b-1", "c-1"}
    assert by_id["a-1"].schema.name == "Person" and by_id["b-1"].schema.name == "Vessel"
    assert by_id["c-1"].schema.name == "Company"  # the organisation joined the company
    assert by_id["c-1"].referents == ("au-dfat:d-1", "gb-ofsi:c-1")


def test_an_empty_mapping_changes_nothing() -> None:
    records = [Record.from_entity(e) for e in zawahiri_records()]
    assert merge_records(records, {}) == records


# -- properties ------------------------------------------------------------------------------

FIRST = ["Karim", "Yusuf", "Tariq", "Samir", "Nadia", "Leila", "Omar", "Rashid"]
LAST = ["Haddad", "Mansour", "Khoury", "Nasser", "Saleh", "Aziz", "Hamdan", "Jaber"]
LISTS = ["un-sc", "us-ofac-sdn", "eu-fsf", "gb-ofsi"]
# names of other people, sharing no word and no sound with the pool above
UNRELATED = ["Pekka Virtanen", "Ulf Bjorklund", "Vivek Chaturvedi", "Zbigniew Wlodarczyk",
             "Gwendolyn Pryce", "Olufemi Adebayo", "Xu Zhiqiang", "Bogdan Petrovic"]


@st.composite
def listed_pool(draw: st.DrawFn) -> tuple[list[Entity], dict[str, str]]:
    """Records of a few people on several lists, and the entity each record belongs to."""
    people = draw(st.lists(st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)),
                           min_size=2, max_size=6, unique=True))
    entities, mapping = [], {}
    for n, (first, last) in enumerate(people):
        on = draw(st.lists(st.sampled_from(LISTS), min_size=1, max_size=4, unique=True))
        year = 1950 + n
        for k, ds in enumerate(on):
            rid = f"{ds}-{n}"
            spelling = f"{first} {last}" if k % 2 == 0 else f"{last.upper()}, {first}"
            entities.append(person(rid, spelling, dataset=ds, birthDate=str(year)))
            mapping[rid] = f"{on[0]}-{n}"
    return entities, mapping


@settings(max_examples=25, deadline=None)
@given(pool=listed_pool(), extra=st.lists(st.sampled_from(UNRELATED), min_size=1, max_size=6,
                                          unique=True), pick=st.integers(0, 5))
def test_no_entity_twice_and_unrelated_entities_never_lower_a_rank(
        pool: tuple[list[Entity], dict[str, str]], extra: list[str], pick: int) -> None:
    entities, mapping = pool
    target = entities[pick % len(entities)]
    name = target.first("name") or ""
    query = Query.build(name)
    before = Screener.from_entities(entities, entity_ids=mapping).match(query, limit=10)
    others = [person(f"ca-sema-x{n}", text, dataset="ca-sema") for n, text in enumerate(extra)]
    after = Screener.from_entities(entities + others, entity_ids=mapping).match(query, limit=10)
    for results in (before, after):
        found = [r.id for r in results]
        assert len(found) == len(set(found))
        # each result is one entity, with all its records, and no entity comes back twice
        owners = [{mapping.get(ref.split(":", 1)[1], ref) for ref in r.referents}
                  for r in results]
        assert all(len(o) == 1 for o in owners)
        assert len({o.pop() for o in owners}) == len(results)
        for r in results:
            if r.id in mapping.values():
                assert len(r.referents) == sum(1 for v in mapping.values() if v == r.id)
    entity = mapping[target.id]
    rank_before = [r.id for r in before].index(entity)
    rank_after = [r.id for r in after].index(entity)
    assert rank_after <= rank_before
