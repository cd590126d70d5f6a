"""Which column feeds which query field: given mappings, automatic header matching."""

from __future__ import annotations

import pytest

from coalition.errors import InputError, UsageError
from coalition.screening.batch_columns import parse_mapping, resolve


@pytest.mark.parametrize(("header", "fields"), [
    (["id", "name", "schema", "birth_date", "nationality", "passport", "id_number"],
     {"id": ["id"], "name": ["name"], "schema": ["schema"], "birth_date": ["birth_date"],
      "nationality": ["nationality"], "passport": ["passport"], "id_number": ["id_number"]}),
    (["Customer ID", "FULL NAME", "Date of Birth", "Country", "Sex"],
     {"id": ["Customer ID"], "name": ["FULL NAME"], "birth_date": ["Date of Birth"],
      "nationality": ["Country"], "gender": ["Sex"]}),
    (["ref", " full_name ", "D.O.B.", "Citizenship", "Country of residence", "Passport No"],
     {"id": ["ref"], "name": [" full_name "], "birth_date": ["D.O.B."],
      "nationality": ["Citizenship"], "country": ["Country of residence"],
      "passport": ["Passport No"]}),
    (["First Name", "Middle Name", "Surname", "dob"],
     {"name": ["First Name", "Middle Name", "Surname"], "birth_date": ["dob"]}),
])
def test_automatic_matching(header: list[str], fields: dict[str, list[str]]) -> None:
    columns = resolve(header, {}, where="q.csv")
    assert columns.fields == fields
    assert columns.passed == [h for h in header if all(h not in c for c in fields.values())]


def test_given_mapping_wins_and_the_rest_is_matched() -> None:
    header = ["Name", "Kunde", "Geburtsdatum", "Country", "Segment"]
    columns = resolve(header, parse_mapping(["name=kunde,birth_date=Geburtsdatum",
                                             "nationality=,country="]), where="q.csv")
    assert columns.fields == {"name": ["Kunde"], "birth_date": ["Geburtsdatum"]}
    assert columns.passed == ["Name", "Country", "Segment"]  # Country left out on purpose


def test_mapping_may_name_headers_with_commas_and_join_names() -> None:
    mapping = parse_mapping(["name=Last, First+Given,id=Ref"])
    assert mapping == {"name": ["Last, First", "Given"], "id": ["Ref"]}
    columns = resolve(["Ref", "Last, First", "Given"], mapping, where="q.csv")
    args = columns.query_args({"Ref": "7", "Last, First": "Petrov", "Given": "Ivan"})
    assert args["names"] == ["Petrov Ivan"]


@pytest.mark.parametrize(("spec", "message"), [
    ("fullname=Name", "FIELD one of id, name"),
    ("name", "expected FIELD=COLUMN"),
    ("name=A,name=B", "maps 'name' twice"),
])
def test_bad_mapping(spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_mapping([spec])


def test_mapped_column_the_file_lacks() -> None:
    with pytest.raises(UsageError) as err:
        resolve(["Full Name", "DOB"], parse_mapping(["name=Full Nme"]), where="q.csv")
    assert err.value.where == "q.csv"
    assert "no column 'Full Nme' (did you mean 'Full Name'?)" in err.value.message


def test_no_name_column() -> None:
    with pytest.raises(InputError, match="no name column among 'ident', 'customer'"):
        resolve(["ident", "customer"], {}, where="q.csv")


def test_query_args_from_cells() -> None:
    columns = resolve(["id", "name", "type", "Entity Type", "nationality"], {}, where="q")
    args = columns.query_args({"id": 3, "name": "Ivan|Ivan Petrov", "Entity Type": "Individual",
                               "nationality": "ru|by"})
    assert args == {"names": ["Ivan", "Ivan Petrov"], "id": "3", "schema": "Person",
                    "nationality": ["ru", "by"]}
    assert columns.query_args({"name": ["A", "B"], "nationality": ["ru"]})["names"] == ["A",
                                                                                        "B"]
    with pytest.raises(UsageError, match="column 'name': expected text, got dict"):
        columns.query_args({"name": {"first": "Ivan"}})
    with pytest.raises(UsageError, match="column 'Entity Type': expected one value"):
        columns.query_args({"name": "Ivan", "Entity Type": ["Person"]})
