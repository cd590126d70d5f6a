"""The UN Security Council Consolidated List importer, on a small fixture and on the real lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.errors import HostileInputError, InputError
from coalition.sources.base import ImportContext
from coalition.sources.pipeline import import_path, parse
from coalition.sources.registry import detect
from coalition.sources.un_sc import FORMATS
from coalition.sources.un_sc.importer import SOURCE
from coalition.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "un_sc" / "consolidated_small.xml"
FMT = FORMATS[0]


def entities(path: Path = FIXTURE) -> tuple[ImportContext, dict[str, object]]:
    ctx, ents = parse(path, FMT)
    return ctx, {e.id: e for e in ents}


def findings(ctx: ImportContext) -> dict[tuple[str, str], list[str]]:
    return {(f.kind, f.detail): f.examples for f in ctx.report.findings.values()}


def test_detects_the_un_layout() -> None:
    assert detect(FIXTURE).name == "un-xml"
    assert FMT.publisher == SOURCE["publisher"] == "United Nations Security Council"
    assert FMT.url and FMT.url.startswith("https://scsanctions.un.org/")


def test_individual_is_mapped() -> None:
    ctx, by_id = entities()
    assert ctx.list_date == "2025-06-30"
    assert ctx.report.records == 3
    p = by_id["un-sc-QDi.901"]
    assert p.schema.name == "Person"
    assert p.reference == "un-sc:QDi.901"
    assert p.get("name") == ["HAMID YOUSEF ABDEL KARIM AL-NOURI"]
    assert p.get("firstName") == ["HAMID"]
    assert p.get("secondName") == ["YOUSEF"]
    assert p.get("middleName") == ["ABDEL KARIM"]
    assert p.get("lastName") == ["AL-NOURI"]
    arabic = [s for s in p.statements_of("alias") if s.value.startswith("حامد")]
    assert arabic and arabic[0].lang == "ara"
    assert "Abu Yousef al-Nouri" in p.get("alias")
    assert "Hamed Youssef Nouri" in p.get("alias")  # empty QUALITY: a plain alias
    assert p.get("weakAlias") == ["Abu Hamza"]
    assert p.get("previousName") == ["Hamid Karim"]
    assert sorted(p.get("birthDate")) == ["1974-11-03", "1975-02-14", "1976", "1977", "1978"]
    assert p.get("birthPlace") == ["Deir ez-Zor, Syrian Arab Republic"]
    assert p.get("birthCountry") == ["sy"]
    assert sorted(p.get("nationality")) == ["iq", "sy"]
    assert p.get("title") == ["Sheikh"]
    assert p.get("position") == ["Treasurer of a listed group"]
    assert p.get("gender") == ["male"]
    assert p.get("passportNumber") == ["N0098765"]
    assert p.get("idNumber") == ["01020304050"]
    assert p.get("address") == ["14 Al-Rashid Street, Mosul, Ninawa, Iraq"]
    assert p.get("modifiedAt") == ["2021-08-02"]
    assert "Fictional record for tests. Financier of a listed group." in p.get("notes")
    assert not ctx.report.findings


def test_children_sanction_documents_address() -> None:
    _, by_id = entities()
    children = {e.schema.name: e for e in by_id.values()
                if e.id.startswith("un-sc-QDi.901-") and e.schema.name != "Identification"}
    ident = [e for e in by_id.values() if e.schema.name == "Identification"]
    sanction, passport, address = children["Sanction"], children["Passport"], children["Address"]
    assert sanction.get("entity") == ["un-sc-QDi.901"]
    assert sanction.get("authority") == ["United Nations Security Council"]
    assert sanction.get("unscId") == ["QDi.901"]
    assert sanction.get("programId") == ["Al-Qaida"]
    assert sanction.get("listingDate") == ["2015-07-01"]  # time zone suffix dropped
    assert passport.get("number") == ["N0098765"]
    assert passport.get("country") == ["sy"]
    assert passport.get("startDate") == ["2010-05-20"]
    assert passport.get("holder") == ["un-sc-QDi.901"]
    assert [e.get("number") for e in ident] == [["01020304050"]]
    assert address.get("city") == ["Mosul"]
    assert address.get("country") == ["iq"]
    assert address.get("remarks") == ["as of 2019"]
    assert by_id["un-sc-QDi.901"].get("addressEntity") == [address.id]


def test_null_markers_and_approximate_year() -> None:
    _, by_id = entities()
    p = by_id["un-sc-KPi.901"]
    assert p.get("name") == ["OLEG PETROVSKY"]  # FOURTH_NAME "na" is not a name
    assert not p.has("nationality")
    assert p.get("birthDate") == ["1968"]
    cyr = p.statements_of("alias")
    assert [(s.value, s.lang) for s in cyr] == [("Олег Петровский", "rus")]
    org = by_id["un-sc-QDe.901"]
    assert org.schema.name == "Organization"
    assert org.get("name") == ["NORTHERN CRESCENT TRADING COMPANY"]
    assert "Northern Crescent Exchange" in org.get("alias")
    assert org.get("country") == ["tr"]


def test_unknown_elements_and_codes_are_reported_with_the_record(tmp_path: Path) -> None:
    text = FIXTURE.read_text("utf-8")
    text = text.replace("<GENDER>Male</GENDER>",
                        "<GENDER>Male</GENDER>\n<EYE_COLOUR>brown</EYE_COLOUR>")
    text = text.replace("<DATE>1974-11-03</DATE>", "<DATE>1974-11-03</DATE><CALENDAR>h</CALENDAR>")
    text = text.replace("<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>",
                        "<UN_LIST_TYPE>Atlantis</UN_LIST_TYPE>")
    text = text.replace("<VALUE>Iraq</VALUE>", "<VALUE>Republic of Freedonia</VALUE>")
    path = tmp_path / "un.xml"
    path.write_text(text, "utf-8")
    ctx, by_id = entities(path)
    found = findings(ctx)
    assert found[("unknown-element", "INDIVIDUAL/EYE_COLOUR")] == ["un-sc:QDi.901"]
    assert found[("unknown-element", "INDIVIDUAL_DATE_OF_BIRTH/CALENDAR")] == ["un-sc:QDi.901"]
    assert found[("unknown-code", "UN_LIST_TYPE Atlantis")] == ["un-sc:KPi.901"]
    assert found[("invalid-value", "Person.nationality: 'Republic of Freedonia'")] == [
        "un-sc:QDi.901"]
    assert by_id["un-sc-KPi.901"].get("program") == ["Atlantis"]


@pytest.mark.parametrize("cut", [1500, 4000])
def test_truncated_file_is_an_input_error_naming_file_and_line(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.xml"
    path.write_bytes(FIXTURE.read_bytes()[:cut])
    with pytest.raises(InputError) as err:
        parse(path, FMT)
    assert str(path) in str(err.value) and ":line " in str(err.value)


def test_record_without_reference_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "noref.xml"
    path.write_text(FIXTURE.read_text("utf-8").replace(
        "<REFERENCE_NUMBER>KPi.901</REFERENCE_NUMBER>", ""), "utf-8")
    with pytest.raises(InputError, match=r"noref.xml:line 8\d: INDIVIDUAL without a REFERENCE"):
        parse(path, FMT)


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.xml"
    text = FIXTURE.read_text("utf-8")
    path.write_text(text.replace("<CONSOLIDATED_LIST", '<!DOCTYPE x [<!ENTITY a "b">]>\n'
                                 "<CONSOLIDATED_LIST", 1), "utf-8")
    with pytest.raises(HostileInputError):
        parse(path, FMT)


def test_import_and_reimport(store: Store) -> None:
    first = import_path(store, FIXTURE, format="un-xml")
    assert not first.result.unchanged
    assert first.result.edition.list_date == "2025-06-30"
    assert first.result.edition.entity_count == 3
    again = import_path(store, FIXTURE, format="un-xml")
    assert again.result.unchanged
    person = store.get("un-sc:QDi.901")
    assert person.get("passportNumber") == ["N0098765"]
    related = {e.schema.name for e in store.related(person)}
    assert related == {"Sanction", "Passport", "Identification", "Address"}


# -- the real lists ----------------------------------------------------------------------


@pytest.mark.datasets
@pytest.mark.parametrize("name", sorted(SOURCE["expected"]))
def test_real_list_counts(store: Store, datasets: Path, name: str) -> None:
    expected = SOURCE["expected"][name]
    outcome = import_path(store, datasets / "lists" / "un" / name)
    report = outcome.report
    assert outcome.report.format == "un-xml"
    assert report.schemata["Person"] == expected["INDIVIDUAL"]
    assert report.schemata["Organization"] == expected["ENTITY"]
    assert outcome.result.edition.entity_count == expected["INDIVIDUAL"] + expected["ENTITY"]
    assert report.schemata["Sanction"] == report.records
    assert not [f for f in report.findings.values() if f.kind == "unknown-element"]
    assert import_path(store, datasets / "lists" / "un" / name).result.unchanged


@pytest.mark.datasets
def test_real_list_spot_values(sqlite_store: Store, datasets: Path) -> None:
    import_path(sqlite_store, datasets / "lists" / "un" / "UN_consolidated_2026-02-27.xml")
    p = sqlite_store.get("un-sc:QDi.001")
    assert p.get("name") == ["MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"]
    assert "1963-04-11" in p.get("birthDate")
    assert p.get("nationality") == ["eg"]
    assert "Sayf-Al Adl" in p.get("alias")
    t = sqlite_store.get("un-sc:TAi.005")
    assert t.get("birthDate") == ["1961"]
    assert t.get("title") == ["Mullah"]
    assert [s.lang for s in t.statements_of("alias") if s.value == "محمد طاهر أنوري"] == ["ara"]


@pytest.mark.datasets
def test_real_diff_between_editions(store: Store, datasets: Path) -> None:
    folder = datasets / "lists" / "un"
    import_path(store, folder / "UN_2025-04-19.xml")
    newer = import_path(store, folder / "UN_consolidated_2026-02-27.xml")
    diff = newer.result.diff
    assert diff is not None and diff.old is not None
    added = {c.entity_id.removeprefix("un-sc-") for c in diff.added}
    removed = {c.entity_id.removeprefix("un-sc-") for c in diff.removed}
    assert len(added) == 130
    assert sum(r.startswith("IR") for r in added) == 121  # the Iran list, new in 2026
    assert removed == {"IQi.074", "QDi.317", "QDi.328", "QDi.336"}
    assert newer.result.edition.added == 130 and newer.result.edition.removed == 4
