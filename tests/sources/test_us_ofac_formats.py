"""The OFAC layouts on small fictional files: CSV set, consolidated set, lone CSV, SDN and
consolidated XML; detection; broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.errors import InputError
from coalition.model import Entity
from coalition.sources.base import ImportContext
from coalition.sources.pipeline import import_path, parse
from coalition.sources.registry import detect, get_format
from coalition.store import Store

FIX = Path(__file__).parents[1] / "fixtures" / "us_ofac"
SDN_SET = FIX / "sdn_2030-01-15"
CONS_SET = FIX / "cons_2030-02-01"
LONE = FIX / "sdn_2030-03-01.csv"
SDN_XML = FIX / "sdn_2030-04-01.xml"
CONS_XML = FIX / "consolidated_2030-05-01.xml"


def load(path: Path) -> tuple[ImportContext, dict[str, Entity]]:
    ctx, entities = parse(path, detect(path))
    return ctx, {e.id: e for e in entities}


def children(entities: dict[str, Entity], parent: Entity, schema: str) -> list[Entity]:
    return [e for e in entities.values()
            if e.schema.name == schema and e.reference == parent.reference and e.id != parent.id]


def findings(ctx: ImportContext) -> dict[tuple[str, str], int]:
    return {k: f.count for k, f in ctx.report.findings.items()}


@pytest.mark.parametrize(
    ("path", "fmt", "dataset"),
    [
        (SDN_SET, "ofac-csv", "us-ofac-sdn"),
        (CONS_SET, "ofac-cons-csv", "us-ofac-cons"),
        (LONE, "ofac-sdn-csv", "us-ofac-sdn"),
        (SDN_XML, "ofac-xml", "us-ofac-sdn"),
        (CONS_XML, "ofac-cons-xml", "us-ofac-cons"),
        (CONS_SET / "cons_prim.csv", "ofac-cons-prim-csv", "us-ofac-cons"),
    ],
)
def test_detection_by_content(path: Path, fmt: str, dataset: str) -> None:
    found = detect(path)
    assert (found.name, found.dataset) == (fmt, dataset)


def test_csv_set_person() -> None:
    ctx, ents = load(SDN_SET)
    assert ctx.dataset == "us-ofac-sdn" and ctx.report.records == 4
    p = ents["us-ofac-sdn-101"]
    assert p.schema.name == "Person" and p.reference == "us-ofac-sdn:101"
    assert p.get("name") == ["KESTREL, Arno Vidal"]
    assert (p.get("lastName"), p.get("firstName")) == (["KESTREL"], ["Arno Vidal"])
    assert p.get("alias") == ["KESTREL, Arne"]
    assert p.get("previousName") == ["KESTRELL, Arno"]
    assert p.get("weakAlias") == ["ABU TEST"]  # remark a.k.a.s are OFAC's weak names
    assert p.get("birthDate") == ["1971-03-12", "1969"]
    assert p.get("nationality") == ["sy"] and p.get("gender") == ["male"]
    assert p.get("passportNumber") == ["X1234567"]
    assert sorted(p.get("program")) == ["SDGT", "SDT"]
    [passport] = children(ents, p, "Passport")
    assert passport.get("holder") == [p.id] and passport.get("country") == ["sy"]
    assert (passport.get("startDate"), passport.get("endDate")) == (["2010-01-01"], ["2019-12-31"])
    sanctions = children(ents, p, "Sanction")
    assert sorted(s.first("program") or "" for s in sanctions) == ["SDGT", "SDT"]
    assert all(s.get("authority") == ["Office of Foreign Assets Control"] and
               s.get("entity") == [p.id] for s in sanctions)
    [link] = children(ents, p, "UnknownLink")
    assert link.get("object") == ["us-ofac-sdn-102"] and link.get("role") == ["Linked To"]
    assert link.get("summary") == ["NORTH HARBOUR TRADING LLC"]


def test_csv_set_organisation_vessel_and_comments() -> None:
    ctx, ents = load(SDN_SET)
    org = ents["us-ofac-sdn-102"]
    assert org.schema.name == "Organization"
    assert org.get("registrationNumber") == ["556677"] and org.get("incorporationDate") == ["2004"]
    assert org.get("country") == ["ae"]
    [addr] = children(ents, org, "Address")
    assert addr.get("full") == ["Unit 4, Dock Road, Dubai, United Arab Emirates"]
    assert org.get("addressEntity") == [addr.id]
    [sanction] = children(ents, org, "Sanction")
    assert sanction.get("provisions") == [
        "Secondary sanctions risk: section 1(b) of Executive Order 13224"]
    ship = ents["us-ofac-sdn-103"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO9074729"] and ship.get("mmsi") == ["422000001"]
    assert (ship.get("callSign"), ship.get("flag"), ship.get("pastFlags")) == (
        ["EPXY7"], ["ir"], ["pa"])
    assert ship.get("tonnage") == ["150,000"] and ship.get("owner") == [org.id]
    varga = ents["us-ofac-sdn-104"]
    assert varga.get("birthDate") == ["1980", "1981", "1982"]
    assert varga.get("position") == ["Chief Financial Officer"]
    assert varga.get("website") == ["www.lv.example"]  # sdn_comments.csv continues the field
    assert varga.get("taxNumber") == ["123-45"]
    types = sorted(i.first("type") or "" for i in children(ents, varga, "Identification"))
    assert types == ["Digital Currency Address - XBT", "National ID No.", "Tax ID No."]
    got = findings(ctx)
    assert got[("unparsed-remark", "Mystery Field")] == 1
    assert got[("unresolved-link", "Linked To: no entry of that name in the file")] == 1
    assert got[("invalid-value", "Address.country: 'Freedonia'")] == 1
    assert "Mystery Field 42" in varga.get("notes")  # reported and kept


def test_consolidated_set() -> None:
    ctx, ents = load(CONS_SET)
    assert ctx.dataset == "us-ofac-cons" and ctx.report.records == 2
    p = ents["us-ofac-cons-9001"]
    assert p.get("alias") == ["TESAR, Omer"] and p.get("birthDate") == ["1960"]
    org = ents["us-ofac-cons-9002"]
    assert org.get("classification") == ["Private Company"] and org.get("country") == ["cn"]
    [sanction] = children(ents, org, "Sanction")
    assert sanction.get("provisions") == ["Listing Date (CMIC) 03 Jun 2021"]
    assert [i.first("number") for i in children(ents, org, "Identification")] == [
        "US0000000001"]
    assert not ctx.report.findings


def test_lone_csv_reads_everything_from_remarks() -> None:
    ctx, ents = load(LONE)
    assert ctx.dataset == "us-ofac-sdn" and ctx.report.records == 4
    maja = ents["us-ofac-sdn-105"]
    assert maja.get("birthDate") == ["1975-03"] and maja.get("nationality") == ["rs"]
    assert maja.get("weakAlias") == ["MAYA Z"] and maja.get("registrationNumber") == ["998877"]
    assert ctx.report.list_date == "2030-03-01"  # from the file name: the CSV carries no date


def test_sdn_xml() -> None:
    ctx, ents = load(SDN_XML)
    assert ctx.dataset == "us-ofac-sdn" and ctx.report.list_date == "2030-04-01"
    p = ents["us-ofac-sdn-101"]
    assert p.get("name") == ["KESTREL, Arno Vidal"] and p.get("alias") == ["KESTREL, Arne"]
    assert p.get("weakAlias") == ["ABU TEST"] and p.get("birthDate") == ["1971-03-12"]
    assert p.get("nationality") == ["sy"] and p.get("gender") == ["male"]
    assert p.get("passportNumber") == ["X1234567"]
    [link] = children(ents, p, "UnknownLink")
    assert link.get("object") == ["us-ofac-sdn-102"]
    ship = ents["us-ofac-sdn-103"]
    assert ship.get("imoNumber") == ["IMO9074729"] and ship.get("owner") == ["us-ofac-sdn-102"]
    assert findings(ctx)[("unknown-element", "sdnEntry/shipColour")] == 1


def test_consolidated_xml() -> None:
    ctx, ents = load(CONS_XML)
    assert ctx.dataset == "us-ofac-cons" and ctx.report.list_date == "2030-05-01"
    assert ents["us-ofac-cons-101"].get("program") == ["NS-PLC"]


def test_reimport_is_unchanged_and_references_resolve(store: Store) -> None:
    first = import_path(store, SDN_SET)
    assert not first.result.unchanged and first.result.edition.entity_count == 4
    again = import_path(store, SDN_SET)
    assert again.result.unchanged
    person = store.get("us-ofac-sdn:101")
    assert person.get("name") == ["KESTREL, Arno Vidal"]
    related = {e.schema.name for e in store.related(person)}
    assert {"Sanction", "Passport", "UnknownLink", "Address"} <= related


def write(tmp: Path, name: str, text: str | bytes) -> Path:
    path = tmp / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_truncated_row_names_file_and_line(tmp_path: Path) -> None:
    lines = LONE.read_bytes().decode("utf-8").rstrip("\x1a\r\n").split("\r\n")
    broken = "\r\n".join([*lines[:2], lines[2][:40]]) + "\r\n"
    path = write(tmp_path, "sdn.csv", broken)
    with pytest.raises(InputError) as err:
        parse(path, get_format("ofac-sdn-csv"))
    assert err.value.where == f"{path}:line 3"
    assert "expected 12 columns" in err.value.message


def test_unclosed_quote_names_the_line(tmp_path: Path) -> None:
    text = '1,"A",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n2,"B,-0- \r\n'
    path = write(tmp_path, "sdn.csv", text)
    with pytest.raises(InputError) as err:
        parse(path, get_format("ofac-sdn-csv"))
    assert str(path) in str(err.value) and "line 2" in str(err.value)


def test_set_with_bad_alt_row(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    for f in SDN_SET.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    write(folder, "alt.csv", '101,201,"aka","X",-0- \r\nnot-a-number,1,"aka","Y",-0- \r\n')
    with pytest.raises(InputError) as err:
        parse(folder, get_format("ofac-csv"))
    assert err.value.where == f"{folder / 'alt.csv'}:line 2"


def test_set_without_sdn_csv(tmp_path: Path) -> None:
    (tmp_path / "alt.csv").write_text("")
    with pytest.raises(InputError, match="no sdn.csv"):
        parse(tmp_path, get_format("ofac-csv"))


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    row = ('7,"MU\u00d1OZ, Jos\u00e9","individual","SDNTK",'
           '-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
    path = write(tmp_path, "sdn.csv", row.encode("cp1252"))
    _, entities = parse(path, get_format("ofac-sdn-csv"))
    assert entities[0].get("name") == ["MU\u00d1OZ, Jos\u00e9"]


def test_truncated_xml_names_the_line(tmp_path: Path) -> None:
    text = SDN_XML.read_text("utf-8")
    path = write(tmp_path, "sdn.xml", text[: text.index("<sdnEntry>", 600) + 40])
    with pytest.raises(InputError) as err:
        parse(path, get_format("ofac-xml"))
    assert str(path) in str(err.value) and "line" in str(err.value)
