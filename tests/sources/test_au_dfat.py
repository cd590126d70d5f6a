"""Australia DFAT importer: a fixture workbook written here, the real list from shared datasets."""

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from coalition.errors import FormatError, InputError
from coalition.sources.au_dfat.values import birth_dates, citizenships, split_lettered
from coalition.sources.pipeline import import_path
from coalition.sources.registry import detect
from coalition.store import Store

HEADER = ["Reference", "Name of Individual or Entity", "Type", "Name Type", "Date of Birth",
          "Place of Birth", "Citizenship", "Address", "Additional Information",
          "Listing Information", "Committees", "Control Date"]
LISTING = "Listed by UN 1267 Committee on 6 Oct. 2001 (amended on 3 Sep. 2003)"
PERSON = ["a) Approximately 1965-1967 b) 12 Mar. 1970", "Exampleville, Syrian Arab Republic",
          "a) Syrian b) Iraqi", "a) 12 Example Street, Example City, Iraq b) Syria",
          "Fictional record used in tests.", LISTING,
          "1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)", datetime(2024, 11, 1)]
ENTITY = ["NA", "NA", "NA", "NA", "Fictional organisation.", "Listed on 6 Oct. 2001",
          "1373 (2001)", datetime(2023, 5, 2)]
ROWS = [
    [9001, "Karim Exampleson", "Individual", "Primary Name", *PERSON],
    ["9001a", "Abu Example", "Individual", "aka", *PERSON],
    ["9001b", "كريم اكزامبلسون", "Individual", "Original Script", *PERSON],
    [9002, "Example Front Organisation", "Entity ", "Primary name ", *ENTITY],
    ["9002a", "Old Example Front", "Entity", "Formerly known as", *ENTITY],
]


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_values_in_cells() -> None:
    assert split_lettered("a) Pakistani       b) Saudi Arabian") == ["Pakistani", "Saudi Arabian"]
    assert birth_dates("a) Approximately 1955- 1957 b) 3 Feb. 1960") == (
        ["1955", "1956", "1957", "1960-02-03"], [])
    assert birth_dates("8 October 1970 or 1 January 1970") == (["1970-10-08", "1970-01-01"], [])
    assert birth_dates("24/06/1402 (Hijri Calendar)")[1] == ["24/06/1402 (Hijri Calendar)"]
    assert citizenships("a) Pakistani b) Saudi Arabian", {"pakistani": "pk",
                                                          "saudi arabian": "sa"},
                        frozenset()) == ["pk", "sa"]


def test_fixture(tmp_path: Path, store: Store) -> None:
    path = write_xlsx(tmp_path / "regulation8_consolidated.xlsx", ROWS)
    assert detect(path).name == "dfat-xlsx"
    outcome = import_path(store, path)
    report = outcome.report
    assert report.dataset == "au-dfat"
    assert report.records == 2
    assert report.list_date == "2024-11-01"
    assert not report.findings
    person = store.get("au-dfat:9001")
    assert person.schema.name == "Person"
    assert person.get("name") == ["Karim Exampleson"]
    aliases = {s.value: s.lang for s in person.statements_of("alias")}
    assert aliases == {"Abu Example": None, "كريم اكزامبلسون": "ara"}
    assert sorted(person.get("birthDate")) == ["1965", "1966", "1967", "1970-03-12"]
    assert sorted(person.get("nationality")) == ["iq", "sy"]
    assert person.get("birthCountry") == ["sy"]
    related = store.related(person)
    addresses = sorted(e.first("full") or "" for e in related if e.schema.name == "Address")
    assert addresses == ["12 Example Street, Example City, Iraq", "Syria"]
    sanction = next(e for e in related if e.schema.name == "Sanction")
    assert sanction.get("listingDate") == ["2001-10-06"]
    assert sanction.get("program") == ["1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)"]
    org = store.get("au-dfat:9002")
    assert org.schema.name == "Organization"
    assert org.get("previousName") == ["Old Example Front"]
    assert not org.has("address")
    assert import_path(store, path).result.unchanged


def test_unknown_column_and_code_are_reported(tmp_path: Path, sqlite_store: Store) -> None:
    rows = [[*ROWS[0], "extra value"], [*ROWS[1][:3], "Nickname", *ROWS[1][4:]]]
    path = write_xlsx(tmp_path / "dfat.xlsx", rows, [*HEADER, "Sanction Type"])
    report = import_path(sqlite_store, path).report
    findings = {(f.kind, f.detail): f.examples for f in report.findings.values()}
    assert findings[("unknown-column", "Sanction Type")] == ["au-dfat:9001"]
    assert findings[("unknown-code", "Name Type 'nickname'")] == ["au-dfat:9001a"]


def test_bad_reference_names_the_row(tmp_path: Path, sqlite_store: Store) -> None:
    path = write_xlsx(tmp_path / "dfat.xlsx", [ROWS[0], ["#12", *ROWS[1][1:]]])
    with pytest.raises(InputError, match=r"dfat\.xlsx:row 3"):
        import_path(sqlite_store, path, format="dfat-xlsx")


def test_wrong_layout_and_truncated_file(tmp_path: Path, sqlite_store: Store) -> None:
    other = write_xlsx(tmp_path / "other.xlsx", [["x", 1]], ["Customer", "Amount"])
    with pytest.raises(FormatError, match="not the DFAT header"):
        import_path(sqlite_store, other, format="dfat-xlsx")
    whole = write_xlsx(tmp_path / "whole.xlsx", ROWS).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) - 200])
    with pytest.raises(InputError, match="cut.xlsx"):
        import_path(sqlite_store, cut, format="dfat-xlsx")


@pytest.mark.datasets
@pytest.mark.slow
def test_real_list(datasets: Path, sqlite_store: Store) -> None:
    path = datasets / "lists" / "au-dfat" / "regulation8_consolidated.xlsx"
    assert detect(path).name == "dfat-xlsx"
    report = import_path(sqlite_store, path).report
    # DFAT's 3,062 references: listings, one Primary Name row each; their 6,491 alias and
    # original-script rows ("3a", "12b1") are names of those listings, not listings.
    assert report.records == 3062
    assert (report.schemata["Person"], report.schemata["Organization"]) == (2316, 746)
    assert report.list_date == "2024-11-11"
    assert not [f for f in report.findings.values() if f.kind == "unknown-column"]
    person = sqlite_store.get("au-dfat:5")
    assert person.get("name") == ["Muhammad Taher Anwari"]
    assert "Haji Mudir" in person.get("alias")
    assert person.get("birthDate") == ["1961"]
    assert person.get("nationality") == ["af"]
    assert "عبد الکبیر محمد جان" in sqlite_store.get("au-dfat:3").get("alias")
    assert import_path(sqlite_store, path).result.unchanged
