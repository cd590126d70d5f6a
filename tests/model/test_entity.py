import pytest

from coalition.errors import UsageError
from coalition.model import Entity, get_schema, make_entity_id
from coalition.model.types import MAX_VALUE_LENGTH, ValueTooLong


def make() -> Entity:
    return Entity("Person", "un-sc-QDi.001", dataset="un-sc", reference="un-sc:QDi.001",
                  seen="2026-02-27")


def test_values_are_cleaned_by_type_and_keep_provenance() -> None:
    e = make()
    assert e.add("birthDate", "01/05/1970") == "1970-05-01"
    assert e.add("nationality", "Syrian Arab Republic") == "sy"
    assert e.add("gender", "Male") == "male"
    assert e.add("name", "  Abu   Example\x07 ") == "Abu Example"
    stmt = e.statements_of("nationality")[0]
    assert (stmt.dataset, stmt.reference, stmt.first_seen) == ("un-sc", "un-sc:QDi.001",
                                                               "2026-02-27")
    assert stmt.original_value == "Syrian Arab Republic"


def test_invalid_values_go_to_the_hook() -> None:
    seen: list[tuple[str, object]] = []
    e = make()
    e.on_invalid = lambda ent, prop, value: seen.append((prop, value))
    assert e.add("nationality", "Atlantis") is None
    assert e.add("birthDate", "sometime") is None
    assert e.add("name", "x" * (MAX_VALUE_LENGTH + 1)) is None
    assert [p for p, _ in seen] == ["nationality", "birthDate", "name"]
    assert not e.has("nationality")


def test_huge_value_without_hook_raises() -> None:
    with pytest.raises(ValueTooLong):
        make().add("notes", "x" * (MAX_VALUE_LENGTH + 1))


def test_unknown_property_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no property 'religious'"):
        make().add("religious", "x")


def test_duplicates_merge_seen_dates() -> None:
    e = make()
    e.add("name", "A")
    other = Entity("LegalEntity", e.id, dataset="un-sc", reference="un-sc:QDi.001",
                   seen="2025-01-01")
    other.add("name", "A")
    e.merge(other)
    assert e.schema.name == "Person"
    (stmt,) = e.statements_of("name")
    assert (stmt.first_seen, stmt.last_seen) == ("2025-01-01", "2026-02-27")


def test_names_exclude_weak_aliases() -> None:
    e = make()
    e.add("name", "Abu Example")
    e.add("alias", "Example Man")
    e.add("weakAlias", "Abu")
    assert e.names == ["Abu Example", "Example Man"]


def test_entity_ids_are_ftm_valid() -> None:
    assert make_entity_id("un-sc", "QDi.001") == "un-sc-QDi.001"
    assert make_entity_id("gb-ofsi", "12 345/a") == "gb-ofsi-12-345-a"
    assert make_entity_id("x", "///").startswith("x-")


def test_schema_inheritance() -> None:
    person = get_schema("Person")
    assert person.is_a("LegalEntity") and person.is_a("Thing")
    assert person.get("passportNumber").type == "identifier"
    assert get_schema("Sanction").get("entity").range == "Thing"
    with pytest.raises(UsageError, match="known schemata"):
        get_schema("Terrorist")
