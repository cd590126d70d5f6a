"""The Rosfinmonitoring list importer, on a small fixture (UTF-8 and cp1251) and the real list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coalition.errors import InputError
from coalition.model import Entity
from coalition.sources.base import ImportContext
from coalition.sources.pipeline import import_path, parse
from coalition.sources.registry import detect
from coalition.sources.ru_rfm import FORMATS
from coalition.sources.ru_rfm.importer import SOURCE, reference
from coalition.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ru_rfm" / "rfm_small.csv"
FMT = FORMATS[0]


def entities(path: Path = FIXTURE) -> tuple[ImportContext, dict[str, Entity]]:
    ctx, ents = parse(path, FMT)
    return ctx, {e.id: e for e in ents}


def findings(ctx: ImportContext) -> dict[tuple[str, str], list[str]]:
    return {(f.kind, f.detail): f.examples for f in ctx.report.findings.values()}


@pytest.fixture
def cp1251_copy(tmp_path: Path) -> Path:
    path = tmp_path / "rfm_cp1251.csv"
    path.write_bytes(FIXTURE.read_text("utf-8").encode("cp1251"))
    return path


def test_reference_is_latin_name_and_birth_date() -> None:
    expected = "KOVALEV-DMITRIY-OLEGOVICH-1988-02-14"
    assert reference("КОВАЛЁВ ДМИТРИЙ ОЛЕГОВИЧ", "1988-02-14") == expected
    assert reference("КОВАЛЕВ ДМИТРИЙ ОЛЕГОВИЧ", "1988-02-14") == expected
    assert reference("ЭЮБОВА НИГЯР ЛАЧИН-КЫЗЫ", None) == "EYUBOVA-NIGYAR-LACHIN-KYZY-undated"


def test_both_encodings_are_detected_and_read_alike(cp1251_copy: Path) -> None:
    assert detect(FIXTURE).name == "ru-rfm-csv"
    assert detect(cp1251_copy).name == "ru-rfm-csv"
    _, utf8 = entities()
    _, cp = entities(cp1251_copy)
    assert {k: v.properties for k, v in utf8.items()} == {k: v.properties for k, v in cp.items()}


def test_records_are_mapped() -> None:
    ctx, by_id = entities()
    assert ctx.report.records == 8  # 10 rows, one repeat and one Ё/Е spelling joined
    p = by_id["ru-rfm-ABRAMENKO-VIKTOR-PETROVICH-1979-03-12"]
    assert p.reference == "ru-rfm:ABRAMENKO-VIKTOR-PETROVICH-1979-03-12"
    assert [(s.value, s.lang) for s in p.statements_of("name")] == [
        ("АБРАМЕНКО ВИКТОР ПЕТРОВИЧ", "rus")]
    assert p.get("lastName") == ["АБРАМЕНКО"]
    assert p.get("firstName") == ["ВИКТОР"]
    assert p.get("middleName") == ["ПЕТРОВИЧ"]
    assert p.get("birthDate") == ["1979-03-12"]
    assert p.statements_of("birthDate")[0].original_value == "12.03.1979"
    g = by_id["ru-rfm-GASANOV-RAUF-TOFIK-OGLY-1984-09-25"]
    assert g.get("middleName") == ["ТОФИК ОГЛЫ"] and g.get("firstName") == ["РАУФ"]
    z = by_id["ru-rfm-ZAYTSEV-LEONID-1975-11-30"]
    assert z.get("lastName") == ["ЗАЙЦЕВ"] and z.get("firstName") == ["ЛЕОНИД"]
    k = by_id["ru-rfm-KOVALEV-DMITRIY-OLEGOVICH-1988-02-14"]
    assert k.get("name") == ["КОВАЛЁВ ДМИТРИЙ ОЛЕГОВИЧ"]
    assert k.get("alias") == ["КОВАЛЕВ ДМИТРИЙ ОЛЕГОВИЧ"]
    latin = by_id["ru-rfm-NORMATOV-BOBUR-ALISHER-OGLI-1996-08-19"]
    assert [(s.value, s.lang) for s in latin.statements_of("name")] == [
        ("NORMATOV BOBUR ALISHER O'G'LI", None)]
    assert latin.get("middleName") == ["ALISHER O'G'LI"]
    sanction = next(e for e in by_id.values() if e.schema.name == "Sanction"
                    and e.get("entity") == [p.id])
    assert sanction.get("authority") == [SOURCE["publisher"]]
    found = findings(ctx)
    assert found[("duplicate-record", "line 6 spells differently line 5")] == [
        "ru-rfm:KOVALEV-DMITRIY-OLEGOVICH-1988-02-14"]
    assert found[("duplicate-record", "line 8 repeats line 7")] == [
        "ru-rfm:MURADOV-ELDAR-RUSTAMOVICH-1992-05-05"]


def test_header_row_and_unknown_columns(tmp_path: Path) -> None:
    path = tmp_path / "with_header.csv"
    path.write_text("ФИО,Дата рождения,Место рождения,Примечание\n"
                    "ТИХОНОВ ПАВЕЛ АНДРЕЕВИЧ,03.04.1985,Г. САМАРА,\n"
                    "ОРЛОВА ИРИНА ВИКТОРОВНА,19.10.1993,Г. ТВЕРЬ,РОЗЫСК\n"
                    "СЕМЁНОВ ИГОРЬ ЮРЬЕВИЧ,07.01.1970,,,ЛИШНЕЕ\n", "utf-8")
    ctx, by_id = entities(path)
    assert ctx.report.records == 3
    assert by_id["ru-rfm-TIKHONOV-PAVEL-ANDREEVICH-1985-04-03"].get("birthPlace") == ["Г. САМАРА"]
    found = findings(ctx)
    assert ("unknown-column", "Примечание") in found
    assert found[("unknown-column", "column 4")] == ["ru-rfm:ORLOVA-IRINA-VIKTOROVNA-1993-10-19"]
    assert found[("unknown-column", "column 5")] == ["ru-rfm:SEMENOV-IGOR-YUREVICH-1970-01-07"]


def test_bad_dates_are_reported_with_the_record(tmp_path: Path) -> None:
    path = tmp_path / "bad_date.csv"
    path.write_text("ТИХОНОВ ПАВЕЛ АНДРЕЕВИЧ,31.02.1985\nОРЛОВА ИРИНА ВИКТОРОВНА\n", "utf-8")
    ctx, _ = entities(path)
    found = findings(ctx)
    assert found[("invalid-value", "Person.birthDate: '31.02.1985'")] == [
        "ru-rfm:TIKHONOV-PAVEL-ANDREEVICH-31.02.1985"]
    assert found[("missing-value", "date of birth")] == [
        "ru-rfm:ORLOVA-IRINA-VIKTOROVNA-undated"]


def test_truncated_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    data = FIXTURE.read_bytes()
    path.write_bytes(data[: data.index(b"31.12.20") + 5])
    with pytest.raises(InputError, match=r"cut.csv:line 10: the file ends in the middle"):
        parse(path, FMT)


def test_malformed_rows_are_input_errors(tmp_path: Path) -> None:
    noname = tmp_path / "noname.csv"
    noname.write_text("ТИХОНОВ ПАВЕЛ АНДРЕЕВИЧ,03.04.1985\n,19.10.1993\n", "utf-8")
    with pytest.raises(InputError, match=r"noname.csv:line 2: a row without a name"):
        parse(noname, FMT)
    binary = tmp_path / "binary.csv"
    binary.write_bytes("ТИХОНОВ,03.04.1985\n".encode("cp1251") + b"\x98\x98,01.01.1990\n")
    with pytest.raises(InputError, match=r"binary.csv:line 1: cannot decode"):
        parse(binary, FMT)


def test_import_and_reimport(store: Store, cp1251_copy: Path) -> None:
    first = import_path(store, FIXTURE, format="ru-rfm-csv")
    assert first.result.edition.entity_count == 8
    assert import_path(store, FIXTURE).result.unchanged
    same_content = import_path(store, cp1251_copy)  # other bytes, same records
    assert same_content.result.diff is not None
    assert not same_content.result.diff.added and not same_content.result.diff.removed
    assert not same_content.result.diff.changed


@pytest.mark.datasets
@pytest.mark.parametrize("name", sorted(SOURCE["expected"]))
def test_real_list(store: Store, datasets: Path, name: str) -> None:
    path = datasets / "lists" / "ru-rfm" / name
    outcome = import_path(store, path)
    report = outcome.report
    kinds = Counter({f.kind: 0 for f in report.findings.values()})
    for f in report.findings.values():
        kinds[f.kind] += f.count
    # Every row is a record or joins one: 61 exact repeats, 89 other spellings (Ё/Е, hyphens).
    assert report.records + kinds["duplicate-record"] == SOURCE["expected"][name] == 12737
    assert report.records == 12587
    assert outcome.result.edition.entity_count == 12587
    assert set(kinds) == {"duplicate-record"}
    p = store.get("ru-rfm:ABAEV-ASLANBEK-BAUDINOVICH-1983-05-29")
    assert p.get("name") == ["АБАЕВ АСЛАНБЕК БАУДИНОВИЧ"]
    assert p.get("birthDate") == ["1983-05-29"]
    assert import_path(store, path).result.unchanged
