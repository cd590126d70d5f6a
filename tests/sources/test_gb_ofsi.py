"""UK OFSI importer: fixture workbooks and CSV written here, the real list from shared datasets."""

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from coalition.errors import FormatError, HostileInputError, InputError
from coalition.sources.gb_ofsi.values import country_values, ofsi_date, split_numbered
from coalition.sources.pipeline import import_path
from coalition.sources.registry import detect
from coalition.sources.xlsxsafe import check_archive
from coalition.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "gb_ofsi" / "ConList.csv"


def fixture_rows() -> list[list[str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_xlsx(path: Path, rows: list[list[str]], extra: str | None = None) -> Path:
    """The fixture as OFSI's workbook: date row, header, records (blank cells left empty)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, row in enumerate(rows):
        cells: list[object] = [c or None for c in row]
        if extra:
            cells.append(extra if i == 1 else ("Asset freeze" if i == 2 else None))
        ws.append(cells)
    wb.save(path)
    return path


def sanction_of(store: Store, ref: str):  # type: ignore[no-untyped-def]
    entity = store.get(ref)
    return [e for e in store.related(entity) if e.schema.name == "Sanction"]


def test_values_in_cells() -> None:
    assert split_numbered("(1) Syria (2) Iraq.") == ["Syria", "Iraq"]
    assert split_numbered("(1-3) Libya (4) Morocco") == ["Libya", "Morocco"]
    assert split_numbered("(1) - (2) Occupied Palestinian Territories") == [
        "Occupied Palestinian Territories"]
    assert ofsi_date("00/00/1965") == "1965"
    assert ofsi_date("00/07/1965") == "1965-07"
    assert ofsi_date("03/07/1965") == "1965-07-03"
    assert ofsi_date("1965") == "1965"
    assert ofsi_date("sometime") is None
    assert country_values("Former USSR (now Belarus)") == ["Belarus"]
    assert country_values("Germany. Russia") == ["Germany", "Russia"]
    assert country_values("Atlantis") == ["Atlantis"]  # kept, so the entity reports it


def test_xlsx_fixture(tmp_path: Path, store: Store) -> None:
    path = write_xlsx(tmp_path / "ConList.xlsx", fixture_rows(), extra="Sanctions Imposed")
    assert detect(path).name == "ofsi-xlsx"
    outcome = import_path(store, path)
    report = outcome.report
    assert report.dataset == "gb-ofsi"
    assert report.list_date == "2025-04-10"
    assert report.records == 3
    assert report.schemata["Person"] == 1 and report.schemata["Vessel"] == 1
    findings = {(f.kind, f.detail): f.examples for f in report.findings.values()}
    assert findings[("unknown-column", "Sanctions Imposed")] == ["gb-ofsi:90001"]

    person = store.get("gb-ofsi:90001")
    assert person.schema.name == "Person"
    assert person.get("name") == ["Karim Example SAMPLEMAN"]
    assert person.get("lastName") == ["SAMPLEMAN"]
    assert person.get("weakAlias") == ["Abu SAMPLE"]
    arabic = [s for s in person.statements_of("alias") if s.value == "كريم سامبلمان"]
    assert arabic and arabic[0].lang == "ara"
    assert person.get("birthDate") == ["1970-05"]
    assert sorted(person.get("nationality")) == ["iq", "sy"]
    assert person.get("gender") == ["male"]
    assert sorted(person.get("passportNumber")) == ["N123456", "P654321"]
    related = store.related(person)
    passports = {e.first("number"): e.first("country") for e in related
                 if e.schema.name == "Passport"}
    assert passports == {"N123456": "sy", "P654321": "iq"}
    assert [e.first("city") or e.first("full") for e in related
            if e.schema.name == "Address"] == ["12 Example Street, Example City, Syria"]
    sanction = sanction_of(store, "gb-ofsi:90001")[0]
    assert sanction.get("unscId") == ["QDi.999"]
    assert sanction.get("authorityId") == ["CTI0999"]
    assert sorted(sanction.get("listingDate")) == ["2003-02-01", "2020-12-31"]

    org = store.get("gb-ofsi:90002")
    assert org.schema.name == "Organization"
    assert org.get("previousName") == ["OLD EXAMPLE FRONT"]
    assert sorted(org.get("phone")) == ["+000 111", "+000 222"]
    ship = store.get("gb-ofsi:90003")
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO9074729"]
    assert ship.get("flag") == ["pa"]

    again = import_path(store, path)
    assert again.result.unchanged


def test_csv_fixture_matches_xlsx(tmp_path: Path, store: Store) -> None:
    assert detect(FIXTURE).name == "ofsi-csv"
    outcome = import_path(store, FIXTURE)
    assert outcome.report.records == 3
    assert outcome.report.list_date == "2025-04-10"
    assert not [f for f in outcome.report.findings.values() if f.kind == "unknown-column"]
    person = store.get("gb-ofsi:90001")
    assert person.get("birthDate") == ["1970-05"]
    assert sanction_of(store, "gb-ofsi:90002")[0].get("unscId") == ["QDe.999"]


def test_truncated_workbook_names_the_file(tmp_path: Path, sqlite_store: Store) -> None:
    whole = write_xlsx(tmp_path / "whole.xlsx", fixture_rows()).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError) as err:
        import_path(sqlite_store, cut, format="ofsi-xlsx")
    assert "cut.xlsx" in str(err.value)


def test_wrong_sheet_layout(tmp_path: Path, sqlite_store: Store) -> None:
    path = write_xlsx(tmp_path / "other.xlsx", [["Customer", "Amount"], ["A. Person", "12"]])
    with pytest.raises(FormatError, match="no header row"):
        import_path(sqlite_store, path, format="ofsi-xlsx")


def test_csv_row_longer_than_header_names_the_line(tmp_path: Path, sqlite_store: Store) -> None:
    rows = fixture_rows()
    rows[3] = [*rows[3], "stray", "cells"]
    path = tmp_path / "ConList.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(InputError, match="line 4"):
        import_path(sqlite_store, path, format="ofsi-csv")


def test_zip_bomb_workbook_is_refused(tmp_path: Path, sqlite_store: Store) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", fixture_rows())
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"\x00" * (24 * 1024 * 1024))
    with pytest.raises(HostileInputError, match="zip bomb"):
        import_path(sqlite_store, path, format="ofsi-xlsx")
    plain = write_xlsx(tmp_path / "plain.xlsx", fixture_rows())
    with pytest.raises(HostileInputError, match="over the limit"):
        check_archive(plain, limit=1000)


@pytest.mark.datasets
@pytest.mark.slow
def test_real_list(datasets: Path, sqlite_store: Store) -> None:
    path = datasets / "lists" / "gb-ofsi" / "ConList_2025-04-10.xlsx"
    assert detect(path).name == "ofsi-xlsx"
    outcome = import_path(sqlite_store, path)
    report = outcome.report
    assert report.records == 4686  # Group IDs, as OFSI counts its listings
    assert (report.schemata["Person"], report.schemata["Organization"],
            report.schemata["Vessel"]) == (3662, 1009, 15)
    assert report.list_date == "2025-04-10"
    assert not [f for f in report.findings.values() if f.kind == "unknown-column"]
    person = sqlite_store.get("gb-ofsi:14241")
    assert person.get("name") == ["Khizri Magomedovich ABAKAROV"]
    assert person.get("birthDate") == ["1960-06-28"]
    assert "Хизри Магомедович Абакаров" in person.get("alias")
    assert sanction_of(sqlite_store, "gb-ofsi:13378")[0].get("unscId") == ["CFi.010"]
    assert import_path(sqlite_store, path).result.unchanged
