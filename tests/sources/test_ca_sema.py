"""Canada's SEMA list importer, on a small fixture and on the real list."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coalition.errors import InputError
from coalition.model import Entity
from coalition.sources.aliases import split_aliases
from coalition.sources.base import ImportContext
from coalition.sources.ca_sema import FORMATS
from coalition.sources.ca_sema.importer import SOURCE, birth_dates, schedule_key
from coalition.sources.pipeline import import_path, parse
from coalition.sources.registry import detect
from coalition.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "ca_sema" / "sema_small.xml"
FMT = FORMATS[0]
LANGS = SOURCE["alias_languages"]


def entities(path: Path = FIXTURE) -> tuple[ImportContext, dict[str, Entity]]:
    ctx, ents = parse(path, FMT)
    return ctx, {e.id: e for e in ents}


def test_detects_the_sema_layout() -> None:
    assert detect(FIXTURE).name == "ca-sema-xml"
    assert FMT.publisher == "Global Affairs Canada"


@pytest.mark.parametrize(("raw", "key"), [
    ("1, Part 1", "S1P1"), ("1,Part 3", "S1P3"), ("Part 2", "P2"), ("1.1", "S1.1"),
    ("3", "S3"), (None, ""), ("Annex B", None),
])
def test_schedule_keys(raw: str | None, key: str | None) -> None:
    assert schedule_key(raw) == key


def test_birth_dates() -> None:
    assert birth_dates("1963-1964") == ["1963", "1964"]
    assert birth_dates("1972-08-10 or 1972-08-11") == ["1972-08-10", "1972-08-11"]
    assert birth_dates(" 1953-10-27") == ["1953-10-27"]


@pytest.mark.parametrize(("text", "person", "expected"), [
    ("Aleksei Azarov, Aleksey Azarov", True, [("Aleksei Azarov", None), ("Aleksey Azarov", None)]),
    ("Sergei, Serhii SHERBAKOV", True, [("Sergei, Serhii SHERBAKOV", None)]),
    ("Nikolay or Nikolai / Vasilievich Maximavich", True,
     [("Nikolay or Nikolai / Vasilievich Maximavich", None)]),
    ("Анна Андреевна Пушкарева or Анна Андреевна Шейман", True,
     [("Анна Андреевна Пушкарева", None), ("Анна Андреевна Шейман", None)]),
    ("Russian: Павел Николаевич Муравейко, Belarussian: Павел Мікалаевіч Мурав'ейка", True,
     [("Павел Николаевич Муравейко", "rus"), ("Павел Мікалаевіч Мурав'ейка", "bel")]),
    ("Alpha Trading, Ltd.; Альфа Трейдинг", False,
     [("Alpha Trading, Ltd.", None), ("Альфа Трейдинг", None)]),
    ("Myanma Five Star Line Company\nLimited", False,
     [("Myanma Five Star Line Company Limited", None)]),
    ("Siamak Rahpeyk\n سيامک ره‌پيک", True, [("Siamak Rahpeyk", None), ("سيامک ره‌پيک", None)]),
])
def test_split_aliases(text: str, person: bool, expected: list[tuple[str, str | None]]) -> None:
    assert split_aliases(text, LANGS, person=person) == expected


def test_records_are_mapped() -> None:
    ctx, by_id = entities()
    assert ctx.report.records == 6
    assert ctx.list_date == "2025-02-24"
    p = by_id["ca-sema-Belarus-S1P1-901"]
    assert p.reference == "ca-sema:Belarus-S1P1-901"
    assert p.schema.name == "Person"
    assert p.get("name") == ["Mikhail Ivanavich Kavalenka"]
    assert p.get("lastName") == ["Kavalenka"]
    assert p.get("birthDate") == ["1969-03-14"]
    aliases = {(s.value, s.lang) for s in p.statements_of("alias")}
    assert aliases == {("Mikhail Ivanovich KOVALENKO", None), ("Michail Kavalenka", None),
                       ("Міхаіл Іванавіч Каваленка", "bel"), ("Михаил Иванович Коваленко", "rus")}
    sanction = next(e for e in by_id.values() if e.schema.name == "Sanction"
                    and e.get("entity") == [p.id])
    assert sanction.get("program") == ["Special Economic Measures (Belarus) Regulations"]
    assert sanction.get("country") == ["by"]
    assert sanction.get("listingDate") == ["2021-06-17"]
    assert sanction.get("provisions") == ["Schedule 1, Part 1, item 901"]
    syr = by_id["ca-sema-Syria-P1-902"]
    assert syr.get("birthDate") == ["1962", "1963"]
    assert syr.get("title") == ["Brigadier General/général de brigade"]
    org = by_id["ca-sema-Russia-S1P2-903"]
    assert org.schema.name == "Organization"
    assert org.get("alias") == ["Акционерное общество «Волжский приборный завод»", "АО ВПЗ"]
    ship = by_id["ca-sema-Russia-S1.1-901"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO9312341"]
    assert ship.get("type") == ["Oil Tanker"]
    assert ship.get("buildDate") == ["2004"]
    hamas = by_id["ca-sema-Hamas-S1P1-904"]
    assert hamas.get("birthDate") == ["1980-05-02", "1981-05-02"]
    hamas_sanction = next(e for e in by_id.values() if e.schema.name == "Sanction"
                          and e.get("entity") == [hamas.id])
    assert not hamas_sanction.has("country")  # a thematic regime, not a country
    assert "ca-sema-Guatemala-905" in by_id  # no schedule
    assert not ctx.report.findings


def test_unknown_elements_and_regimes_are_reported(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    text = text.replace("<Item>902</Item>", "<Item>902</Item><Passport>X1</Passport>")
    text = text.replace("<Country>Guatemala</Country>", "<Country>Ruritania</Country>")
    text = text.replace("<DateOfBirthOrShipBuildDate>1962-1963",
                        "<DateOfBirthOrShipBuildDate>early 60s")
    path = tmp_path / "sema.xml"
    path.write_text(text, "utf-8")
    ctx, by_id = entities(path)
    found = {(f.kind, f.detail): f.examples for f in ctx.report.findings.values()}
    assert found[("unknown-element", "record/Passport")] == ["ca-sema:Syria-P1-902"]
    assert found[("unknown-code", "Country Ruritania")] == ["ca-sema:Ruritania-905"]
    assert found[("invalid-value", "Person.birthDate: 'early 60s'")] == ["ca-sema:Syria-P1-902"]
    assert "ca-sema-Ruritania-905" in by_id


def test_truncated_and_malformed_files(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml"
    cut.write_bytes(FIXTURE.read_bytes()[:900])
    with pytest.raises(InputError, match=r"cut.xml:line \d+: malformed XML"):
        parse(cut, FMT)
    noname = tmp_path / "noname.xml"
    text = FIXTURE.read_text("utf-8").replace("<LastName>Haddad</LastName>", "").replace(
        "<GivenName>Yasin Omar</GivenName>", "")
    noname.write_text(text, "utf-8")
    with pytest.raises(InputError, match=r"noname.xml:line 4\d: a <record> needs a name"):
        parse(noname, FMT)


def test_import_and_reimport(store: Store) -> None:
    first = import_path(store, FIXTURE, format="ca-sema-xml")
    assert first.result.edition.entity_count == 6
    assert import_path(store, FIXTURE).result.unchanged
    assert store.get("ca-sema:Russia-S1.1-901").get("imoNumber") == ["IMO9312341"]


@pytest.mark.datasets
def test_real_list(store: Store, datasets: Path) -> None:
    path = datasets / "lists" / "ca-sema" / "sema-lmes.xml"
    outcome = import_path(store, path)
    report = outcome.report
    assert report.format == "ca-sema-xml"
    assert report.records == SOURCE["expected"]["sema-lmes.xml"] == 4759
    assert outcome.result.edition.entity_count == 4759
    assert report.schemata == Counter(
        {"Person": 3334, "Organization": 1316, "Vessel": 109, "Sanction": 4759})
    kinds = Counter(f.kind for f in report.findings.values())
    # "Sep-99", "born in the early 1970s"; aliases with a slash or a bracket of several words
    # that may hold two names but are kept whole (Organization/Person alias shapes)
    assert kinds == Counter({"invalid-value": 2, "unsplit-name": 3})
    lukashenko = store.get("ca-sema:Belarus-S1P1-8")
    assert lukashenko.get("name") == ["Aleksandr Grigoryevich Lukashenko"]
    assert lukashenko.get("birthDate") == ["1954-08-30"]
    ship = store.get("ca-sema:Russia-S1.1-1")
    assert ship.get("imoNumber") == ["IMO7612448"]
    assert import_path(store, path).result.unchanged
