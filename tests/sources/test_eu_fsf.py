"""EU FSF importers: the XML fixture (official layout), a JSON fixture, the real JSON export."""

import json
from pathlib import Path

import pytest

from coalition.errors import FormatError, InputError
from coalition.sources.pipeline import import_path
from coalition.sources.registry import detect
from coalition.store import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "eu_fsf" / "fsf_sample.xml"

EXPORT = {
    "meta": {"source": "eu", "count": 2, "timestamp": "2025-04-16T09:12:10.615312"},
    "data": [
        {"id": "EU-990001", "name": "Karim Exampleson", "type": "INDIVIDUAL", "country": "",
         "programs": [], "source": "EU", "matchScore": 100,
         "details": {"aliases": ["Abu Example", "Karim Exampelson"], "birthDate": "1970-05",
                     "sanctions": [], "addresses": [], "nationalities": ["Syria"],
                     "identifications": [{"type": "Passport", "number": "N0000123",
                                          "country": ""}]}},
        {"id": "EU-990002", "name": "Example Front Organisation", "type": "ENTITY",
         "country": "", "programs": [], "source": "EU", "matchScore": 100, "colour": "red",
         "details": {"aliases": [], "birthDate": "", "sanctions": [], "addresses": [],
                     "nationalities": [], "identifications": []}},
    ],
}


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_fsf_xml(store: Store) -> None:
    assert detect(FIXTURE).name == "eu-fsf-xml"
    outcome = import_path(store, FIXTURE)
    report = outcome.report
    assert report.dataset == "eu-fsf"
    assert report.list_date == "2025-04-14"
    assert report.records == 2
    findings = {(f.kind, f.detail): f.examples for f in report.findings.values()}
    assert findings[("unknown-element", "sanctionEntity/shoeSize")] == ["eu-fsf:990001"]
    assert findings[("unknown-attribute", "nameAlias@colour")] == ["eu-fsf:990002"]

    person = store.get("eu-fsf:990001")
    assert person.schema.name == "Person"
    assert person.get("name") == ["Karim Exampleson"]
    assert person.get("weakAlias") == ["Abu Example"]
    bulgarian = person.statements_of("alias")[0]
    assert (bulgarian.value, bulgarian.lang) == ("Карим Экзамплсон", "bul")
    assert sorted(person.get("birthDate")) == ["1970-05-01", "1971"]
    assert person.get("nationality") == ["sy"]
    assert person.get("birthCountry") == ["sy"]
    assert person.get("passportNumber") == ["N0000123"]
    assert person.get("idNumber") == ["ID-77-0001"]
    assert person.get("gender") == ["male"]
    related = {e.schema.name: e for e in store.related(person)}
    assert related["Sanction"].get("unscId") == ["QDi.998"]
    assert related["Sanction"].get("authorityId") == ["EU.9002.12"] or \
        related["Sanction"].get("authorityId") == ["EU.9001.12"]
    assert related["Sanction"].get("program") == ["EUAQ"]
    assert related["Passport"].get("country") == ["sy"]
    assert related["Address"].get("full") == [
        "12 Example Street, Example City, SYRIAN ARAB REPUBLIC"]

    org = store.get("eu-fsf:990002")
    assert org.schema.name == "Organization"
    assert org.get("name") == ["Example Front Organisation"]
    assert [(s.value, s.lang) for s in org.statements_of("alias")] == [
        ("Front Exemplaire", "fra")]
    assert import_path(store, FIXTURE).result.unchanged


def test_json_export_same_references(tmp_path: Path, store: Store) -> None:
    path = write_json(tmp_path / "eu_sanctions.json", EXPORT)
    assert detect(path).name == "eu-json"
    outcome = import_path(store, path)
    assert outcome.report.records == 2
    assert outcome.report.list_date == "2025-04-16"
    findings = {(f.kind, f.detail): f.examples for f in outcome.report.findings.values()}
    assert findings[("unknown-field", "colour")] == ["eu-fsf:990002"]
    person = store.get("eu-fsf:990001")
    assert person.id == "eu-fsf-990001"  # the same record as from the XML
    assert person.get("birthDate") == ["1970-05"]
    assert person.get("nationality") == ["sy"]
    assert sorted(person.get("alias")) == ["Abu Example", "Karim Exampelson"]
    assert import_path(store, path).result.unchanged


def test_un_export_is_refused(tmp_path: Path, sqlite_store: Store) -> None:
    data = dict(EXPORT, meta={"source": "un", "count": 2, "timestamp": "2025-04-16T09:11"})
    path = write_json(tmp_path / "un_sanctions.json", data)
    with pytest.raises(FormatError, match="not \"eu\""):
        import_path(sqlite_store, path, format="eu-json")


def test_malformed_json_names_the_line(tmp_path: Path, sqlite_store: Store) -> None:
    text = json.dumps(EXPORT, indent=2)
    path = tmp_path / "broken.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json:line \d+"):
        import_path(sqlite_store, path, format="eu-json")


def test_malformed_xml_names_the_line(tmp_path: Path, sqlite_store: Store) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "broken.xml"
    path.write_text("\n".join(lines[:12] + ["<nameAlias wholeName=\"x\">"] + lines[12:20]),
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.xml:line \d+"):
        import_path(sqlite_store, path, format="eu-fsf-xml")


def test_record_without_id_names_the_line(tmp_path: Path, sqlite_store: Store) -> None:
    path = tmp_path / "noid.xml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace('logicalId="990002"', "")
                    .replace('euReferenceNumber="EU.9002.34"', ""), encoding="utf-8")
    with pytest.raises(InputError, match=r"noid\.xml:line 24"):
        import_path(sqlite_store, path, format="eu-fsf-xml")


@pytest.mark.datasets
def test_real_json_export(datasets: Path, sqlite_store: Store) -> None:
    path = datasets / "lists" / "eu" / "eu_sanctions_2025-04.json"
    assert detect(path).name == "eu-json"
    outcome = import_path(sqlite_store, path)
    report = outcome.report
    assert report.records == 5307
    assert (report.schemata["Person"], report.schemata["Organization"]) == (4103, 1204)
    assert report.list_date == "2025-04-16"
    # The only findings are names kept whole that may hold several (slashes, brackets).
    assert {f.kind for f in report.findings.values()} == {"unsplit-name"}
    entities = list(sqlite_store.entities(dataset="eu-fsf", matchable_only=True))
    # 22,359 published aliases; values holding several names give one alias per name.
    assert sum(len(e.get("alias")) for e in entities) == 22462
    saddam = sqlite_store.get("eu-fsf:13")
    assert saddam.get("name") == ["Saddam Hussein Al-Tikriti"]
    assert saddam.get("birthDate") == ["1937-04-28"]
    assert sorted(saddam.get("alias")) == ["Abou Ali", "Abu Ali"]
    assert import_path(sqlite_store, path).result.unchanged


@pytest.mark.datasets
def test_un_export_beside_it_is_not_eu(datasets: Path, sqlite_store: Store) -> None:
    path = datasets / "lists" / "eu" / "un_sanctions_2025-04.json"
    with pytest.raises(FormatError):
        detect(path)
    with pytest.raises(FormatError, match="another list"):
        import_path(sqlite_store, path, format="eu-json")
