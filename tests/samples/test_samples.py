"""The bundled sample lists: layout as the publishers write it, up to date with their sources,
fictional (no name taken from the real lists), and importable with nothing left unread."""

from __future__ import annotations

import csv
import io
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from coalition.errors import InputError
from coalition.model.countries import is_code
from coalition.samples import generate
from coalition.sources.pipeline import import_path
from coalition.sources.xmlsafe import parse_tree
from coalition.store import Store

SAMPLES = Path(generate.__file__).resolve().parent
UN = SAMPLES / "un_sample.xml"
OFAC = SAMPLES / "ofac_sample"
OFAC_COLUMNS = {"sdn.csv": 12, "alt.csv": 5, "add.csv": 6, "sdn_comments.csv": 2}
REAL_UN = "lists/un/UN_consolidated_2026-02-27.xml"
REAL_OFAC = "lists/us-ofac/sdn_2021-07-07"
SCHEMATA = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"}
ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
IMO_IN_REMARK = re.compile(r"\bIMO (\d{7})\b")
ALIAS_IN_REMARK = re.compile(r"[af]\.k\.a\. '([^']+)'")


def imo_valid(number: str) -> bool:
    """IMO ship number: seven digits, the last equal to the sum of the first six weighted
    7, 6, 5, 4, 3, 2, modulo 10."""
    if not re.fullmatch(r"\d{7}", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:6], (7, 6, 5, 4, 3, 2)))
    return total % 10 == int(number[6])


def ofac_rows(name: str, folder: Path = OFAC) -> list[list[str]]:
    """Rows of one OFAC CSV file, read as the publisher writes it (ASCII, closing Ctrl-Z)."""
    raw = (folder / name).read_bytes()
    if raw.endswith(b"\x1a"):
        raw = raw[:-1]
    return [row for row in csv.reader(io.StringIO(raw.decode("latin-1"), newline="")) if row]


def name_key(name: str) -> str:
    """A name compared without case, accents, punctuation or word order."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(sorted(re.sub(r"[\W_]+", " ", text).split()))


def un_names(path: Path) -> set[str]:
    """Every name in a UN Consolidated List file: joined name parts, aliases, original script."""
    names: set[str] = set()
    for record in parse_tree(path).getroot().iter("INDIVIDUAL", "ENTITY"):
        parts = [record.findtext(t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
                                                "FOURTH_NAME")]
        names.add(" ".join(p.strip() for p in parts if p and p.strip()))
        for tag in ("ALIAS_NAME", "NAME_ORIGINAL_SCRIPT"):
            names.update(e.text.strip() for e in record.iter(tag) if e.text and e.text.strip())
    return {n for n in names if n}


def ofac_names(folder: Path) -> set[str]:
    """Every name in an OFAC CSV set: primary names, alt.csv names and a.k.a.s in remarks."""
    names = {row[1] for row in ofac_rows("sdn.csv", folder)}
    names.update(row[3] for row in ofac_rows("alt.csv", folder))
    for row in ofac_rows("sdn.csv", folder):
        names.update(ALIAS_IN_REMARK.findall(row[11]))
    return names


def sample_names() -> set[str]:
    return un_names(UN) | ofac_names(OFAC)


def test_generated_files_are_up_to_date() -> None:
    files = generate.render_all()
    assert set(files) == {"un_sample.xml", "queries.csv", "queries_expected.csv",
                          *(f"ofac_sample/{name}" for name in OFAC_COLUMNS)}
    assert generate.stale(SAMPLES, files) == [], "run: python -m coalition.samples.generate"
    assert generate.main(["--check"]) == 0


def test_generator_check_reports_a_stale_copy(tmp_path: Path) -> None:
    assert generate.main(["--out", str(tmp_path)]) == 0
    assert generate.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "ofac_sample" / "alt.csv").write_bytes(b"")
    assert generate.stale(tmp_path, generate.render_all()) == ["ofac_sample/alt.csv"]
    assert generate.main(["--check", "--out", str(tmp_path)]) == 1


def test_generator_names_the_record_with_an_unknown_key(tmp_path: Path) -> None:
    for name in ("un_source.yaml", "ofac_source.yaml", "queries_source.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    source = tmp_path / "ofac_source.yaml"
    source.write_text(source.read_text("utf-8").replace("    call_sign: D6A2917",
                                                       "    callsign: D6A2917"), "utf-8")
    with pytest.raises(InputError, match="callsign") as info:
        generate.render_all(tmp_path)
    assert info.value.where == "ofac_source.yaml entry 990030"


def test_generator_refuses_non_ascii_in_ofac_files() -> None:
    data = generate.load("ofac_source.yaml")
    data["entries"][0]["name"] = "AL-JARBANÍ, Mohammed"
    with pytest.raises(InputError, match="ASCII"):
        generate.render_ofac(data)


def test_un_sample_layout_and_counts() -> None:
    root = etree.parse(str(UN)).getroot()
    assert root.tag == "CONSOLIDATED_LIST"
    assert root.get("dateGenerated") == "2026-01-15T00:00:07.118Z"
    assert [child.tag for child in root] == ["INDIVIDUALS", "ENTITIES"]
    individuals = root.findall("INDIVIDUALS/INDIVIDUAL")
    entities = root.findall("ENTITIES/ENTITY")
    assert (len(individuals), len(entities)) == (31, 12)
    refs = [r.findtext("REFERENCE_NUMBER") for r in individuals + entities]
    assert len(set(refs)) == len(refs)
    assert all(re.fullmatch(r"XQi\.\d{3}", r) for r in refs[:31])
    assert all(re.fullmatch(r"XQe\.\d{3}", r) for r in refs[31:])
    dob_types = Counter(e.text for e in root.iter("TYPE_OF_DATE"))
    assert dob_types["EXACT"] and dob_types["APPROXIMATELY"] and dob_types["BETWEEN"]
    assert dob_types[None] == 1  # one record without a known date of birth
    assert len(list(root.iter("FROM_YEAR"))) == len(list(root.iter("TO_YEAR"))) == 4
    documents = Counter(e.text for e in root.iter("TYPE_OF_DOCUMENT"))
    assert documents["Passport"] >= 10 and documents["National Identification Number"] >= 10
    assert Counter(e.text for e in root.iter("QUALITY")).keys() >= {"Good", "Low", "a.k.a.",
                                                                     "f.k.a.", None}
    scripts = " ".join(e.text for e in root.iter("NAME_ORIGINAL_SCRIPT"))
    assert re.search("[\u0600-\u06ff]", scripts) and re.search("[\u0400-\u04ff]", scripts)
    assert "ګ" in scripts and "گ" in scripts  # Pashto and Urdu letters, not Arabic only
    for record in individuals:
        tags = [child.tag for child in record]
        assert tags[:2] == ["DATAID", "VERSIONNUM"] and tags[-2:] == ["SORT_KEY",
                                                                      "SORT_KEY_LAST_MOD"]


def test_un_sample_uses_only_the_publishers_elements(datasets: Path) -> None:
    real = parse_tree(datasets / REAL_UN).getroot()
    real_tags = {e.tag for e in real.iter() if isinstance(e.tag, str)}
    sample = etree.parse(str(UN)).getroot()
    sample_tags = {e.tag for e in sample.iter() if isinstance(e.tag, str)}
    assert sample_tags <= real_tags
    assert set(sample.attrib) == set(real.attrib)
    # Children come in the publisher's order: no pair the real list only writes the other way.
    for parent in ("INDIVIDUAL", "ENTITY", "INDIVIDUAL_DOCUMENT", "INDIVIDUAL_ALIAS",
                   "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS", "INDIVIDUAL_DATE_OF_BIRTH"):
        before = {(a.tag, b.tag) for e in real.iter(parent)
                  for i, a in enumerate(e) for b in list(e)[i + 1:] if a.tag != b.tag}
        for e in sample.iter(parent):
            kids = [c.tag for c in e]
            for i, a in enumerate(kids):
                for b in kids[i + 1:]:
                    assert (b, a) not in before or (a, b) in before, (parent, a, b)


def test_ofac_sample_columns_and_layout() -> None:
    for name, columns in OFAC_COLUMNS.items():
        raw = (OFAC / name).read_bytes()
        raw.decode("ascii")
        assert raw.endswith(b"\r\n\x1a" if name != "sdn_comments.csv" else b"\r\n")
        assert b"\n" not in raw.replace(b"\r\n", b"")
        rows = ofac_rows(name)
        assert rows, name
        assert {len(row) for row in rows} == {columns}, name
    sdn = ofac_rows("sdn.csv")
    ent_nums = [int(row[0]) for row in sdn]
    assert len(ent_nums) == len(set(ent_nums)) >= 30 and min(ent_nums) >= 990001
    assert Counter(row[2] for row in sdn) == {"individual": 18, "-0- ": 14, "vessel": 2}
    for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
        assert {int(row[0]) for row in ofac_rows(name)} <= set(ent_nums), name
    assert set(ent_nums) == {int(row[0]) for row in ofac_rows("add.csv")}
    # The one long remark: cut at 1000 characters and continued in sdn_comments.csv.
    [(ent, rest)] = ofac_rows("sdn_comments.csv")
    [head] = [row[11] for row in sdn if row[0] == ent]
    assert len(head) == 1000
    assert (head + rest).endswith("; Linked To: SEVEN OASES CHARITABLE SOCIETY.")
    remarks = " ".join(row[11] for row in sdn)
    for label in ("DOB ", "alt. DOB ", "POB ", "nationality ", "citizen ", "Passport ",
                  "National ID No. ", "Gender Female", "a.k.a. '", "Linked To: "):
        assert label in remarks, label


def test_every_imo_number_has_a_valid_check_digit() -> None:
    assert imo_valid("9187629") and not imo_valid("9187628") and not imo_valid("918762")
    vessels = [row for row in ofac_rows("sdn.csv") if row[2] == "vessel"]
    assert len(vessels) == 2
    for row in vessels:
        numbers = IMO_IN_REMARK.findall(row[11])
        assert len(numbers) == 1 and imo_valid(numbers[0]), row[1]
        assert row[5] != "-0- ", f"{row[1]} has no call sign"


def test_queries_are_well_formed_and_point_at_sample_records() -> None:
    with (SAMPLES / "queries.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["id", "name", "schema", "birth_date", "nationality"]
    queries = rows[1:]
    assert len(queries) >= 12 and len({q[0] for q in queries}) == len(queries)
    for qid, name, schema, birth_date, nationality in queries:
        assert all(part.strip() for part in name.split("|")), qid
        assert schema in SCHEMATA, qid
        assert birth_date == "" or ISO_PREFIX.match(birth_date), qid
        assert nationality == "" or is_code(nationality), qid
    with (SAMPLES / "queries_expected.csv").open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    assert [e["id"] for e in expected] == [q[0] for q in queries]
    known = {f"un-sc:{r.findtext('REFERENCE_NUMBER')}"
             for r in etree.parse(str(UN)).getroot().iter("INDIVIDUAL", "ENTITY")}
    known |= {f"us-ofac-sdn:{row[0]}" for row in ofac_rows("sdn.csv")}
    refs = [e["expected"].split("|") if e["expected"] else [] for e in expected]
    assert all(set(r) <= known for r in refs)
    assert sum(1 for r in refs if not r) == 3
    # None of the must-not-match names is, as written, a sample name.
    keys = {name_key(n) for n in sample_names()}
    for q, r in zip(queries, refs):
        if not r:
            assert name_key(q[1]) not in keys, q[0]


def test_no_sample_name_is_on_the_real_un_list(datasets: Path) -> None:
    real = {name_key(n) for n in un_names(datasets / REAL_UN)}
    assert len(real) > 3000
    clashes = sorted(n for n in sample_names() if name_key(n) in real)
    assert clashes == []


def test_no_sample_name_or_imo_number_is_on_the_real_ofac_list(datasets: Path) -> None:
    folder = datasets / REAL_OFAC
    real = {name_key(n) for n in ofac_names(folder)}
    assert len(real) > 15000
    assert sorted(n for n in sample_names() if name_key(n) in real) == []
    real_imo = set(IMO_IN_REMARK.findall((folder / "sdn.csv").read_text("latin-1")))
    assert real_imo and not real_imo & set(IMO_IN_REMARK.findall(
        (OFAC / "sdn.csv").read_text("ascii")))


def test_samples_import_with_nothing_left_unread(store: Store) -> None:
    un = import_path(store, UN)
    ofac = import_path(store, OFAC)
    assert (un.report.dataset, un.report.format) == ("un-sc", "un-xml")
    assert ofac.report.dataset == "us-ofac-sdn"
    assert un.report.records == 43 and ofac.report.records == 34
    assert un.report.list_date == "2026-01-15"
    for outcome in (un, ofac):
        assert outcome.report.to_dict()["findings"] == [], outcome.report.to_dict()["findings"]
    person = store.get("un-sc:XQi.016")
    assert "Руслан Магомедович Алибеков" in person.names
    assert person.get("nationality") == ["ru"]
    vessel = store.get("us-ofac-sdn:990029")
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO4218734"]
    with (SAMPLES / "queries_expected.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for ref in filter(None, row["expected"].split("|")):
                assert store.get(ref).schema.name in SCHEMATA, (row["id"], ref)
