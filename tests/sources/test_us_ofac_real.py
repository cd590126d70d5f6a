"""The OFAC importers on the real published files (../shared/datasets/lists/us-ofac)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from coalition.model import Entity
from coalition.sources.base import ImportContext
from coalition.sources.pipeline import import_path, parse
from coalition.sources.registry import detect
from coalition.sources.us_ofac.csv_set import comments, entry_of, rows
from coalition.sources.us_ofac.remarks import split_remarks
from coalition.sources.us_ofac.rules import rules
from coalition.store import Store

pytestmark = pytest.mark.datasets


@pytest.fixture(scope="module")
def ofac(datasets: Path) -> Path:
    path = datasets / "lists" / "us-ofac"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


@functools.cache
def parsed(path: Path) -> tuple[ImportContext, list[Entity]]:
    """Each real file parsed once for the whole module."""
    return parse(path, detect(path))


def ent_nums(sdn_csv: Path) -> set[str]:
    """Entry numbers straight from the raw file, without the importer."""
    text = sdn_csv.read_bytes().decode("utf-8").rstrip("\r\n\x1a")
    return {row[0].strip() for row in csv.reader(text.splitlines()) if row}


@pytest.mark.parametrize(
    ("name", "fmt", "dataset"),
    [
        ("sdn_2021-07-07", "ofac-csv", "us-ofac-sdn"),
        ("sdn_2019-01-15", "ofac-csv", "us-ofac-sdn"),
        ("sdn_2024-05-03.csv", "ofac-sdn-csv", "us-ofac-sdn"),
        ("cons_2025-12-19", "ofac-cons-csv", "us-ofac-cons"),
        ("consolidated_2025-03-28.xml", "ofac-cons-xml", "us-ofac-cons"),
    ],
)
def test_counts_as_published(ofac: Path, name: str, fmt: str, dataset: str) -> None:
    path = ofac / name
    found = detect(path)
    assert (found.name, found.dataset) == (fmt, dataset)
    ctx, _ = parsed(path)
    assert ctx.report.records == rules().expected_counts[name]
    assert ctx.report.records == {"sdn_2021-07-07": 8976, "sdn_2019-01-15": 7379,
                                  "sdn_2024-05-03.csv": 14965, "cons_2025-12-19": 442,
                                  "consolidated_2025-03-28.xml": 443}[name]


@pytest.mark.parametrize("name", ["sdn_2021-07-07", "sdn_2024-05-03.csv"])
def test_bin_ladin_entry(ofac: Path, name: str) -> None:
    _, entities = parsed(ofac / name)
    e = next(x for x in entities if x.id == "us-ofac-sdn-6365")
    assert e.schema.name == "Person" and e.reference == "us-ofac-sdn:6365"
    assert e.get("name") == ["BIN LADIN, Usama bin Muhammad bin Awad"]
    assert e.get("lastName") == ["BIN LADIN"]
    assert e.get("birthDate") == ["1957-07-30", "1958"]
    assert e.get("birthPlace") == ["Jeddah, Saudi Arabia", "Yemen"]
    assert e.get("birthCountry") == ["sa"]
    assert e.get("program") == ["SDGT"]
    if name == "sdn_2021-07-07":  # the strong names are in alt.csv, absent from the lone file
        assert sorted(e.get("alias")) == [
            "BIN LADEN, Osama", "BIN LADEN, Usama", "BIN LADIN, Osama",
            "BIN LADIN, Osama bin Muhammad bin Awad", "BIN LADIN, Usama"]


def test_comments_continue_long_remarks(ofac: Path) -> None:
    _, entities = parsed(ofac / "sdn_2021-07-07")
    tian = next(x for x in entities if x.id == "us-ofac-sdn-28263")
    assert "snowsjohn" in tian.get("weakAlias")  # 'snowsjo' + 'hn' from sdn_comments.csv
    assert tian.get("nationality") == ["cn"] and tian.get("birthDate") == ["1986-07-12"]


def test_nationality_and_documents_from_remarks(ofac: Path) -> None:
    _, entities = parsed(ofac / "sdn_2024-05-03.csv")
    by_id = {x.id: x for x in entities}
    korobov = by_id["us-ofac-sdn-21328"]
    assert korobov.get("nationality") == ["ru"] and korobov.get("gender") == ["male"]
    assert korobov.get("passportNumber") == ["100119726", "100115101"]
    assert korobov.get("position") == ["Chief of GRU"]
    [link] = [x for x in entities if x.schema.name == "UnknownLink"
              and x.get("subject") == [korobov.id]]
    target = by_id[link.get("object")[0]]
    assert target.get("name") == ["MAIN INTELLIGENCE DIRECTORATE"]
    passports = [x for x in entities if x.schema.name == "Passport"
                 and x.get("holder") == [korobov.id]]
    assert sorted(p.first("number") or "" for p in passports) == ["100115101", "100119726"]
    assert all(p.get("country") == ["ru"] for p in passports)


@pytest.mark.parametrize("name", ["sdn_2021-07-07", "sdn_2024-05-03.csv"])
def test_remarks_parsed_share(ofac: Path, name: str) -> None:
    path = ofac / name
    ctx, _ = parsed(path)
    sdn = path / "sdn.csv" if path.is_dir() else path
    more = comments(path / "sdn_comments.csv") if path.is_dir() else {}
    items = sum(len(split_remarks(entry_of(row, more.get(row[0].strip())).remarks or ""))
                for _, row in rows(sdn, 12))
    unparsed = sum(f.count for f in ctx.report.findings.values() if f.kind == "unparsed-remark")
    assert items > 30_000
    assert unparsed / items < 0.02, (unparsed, items)


def test_consolidated_reimport_unchanged(store: Store, ofac: Path) -> None:
    first = import_path(store, ofac / "cons_2025-12-19")
    assert first.result.edition.entity_count == 442 and len(first.result.diff.added) == 442
    assert import_path(store, ofac / "cons_2025-12-19").result.unchanged


@pytest.mark.slow
def test_sdn_diff_2019_to_2021(store: Store, ofac: Path) -> None:
    old, new = ofac / "sdn_2019-01-15", ofac / "sdn_2021-07-07"
    import_path(store, old)
    outcome = import_path(store, new)
    diff = outcome.result.diff
    assert diff is not None and diff.old is not None
    before, after = ent_nums(old / "sdn.csv"), ent_nums(new / "sdn.csv")
    assert {c.entity_id for c in diff.added} == {f"us-ofac-sdn-{n}" for n in after - before}
    assert {c.entity_id for c in diff.removed} == {f"us-ofac-sdn-{n}" for n in before - after}
    assert len(diff.added) == len(after - before) and len(diff.removed) == len(before - after)
    assert import_path(store, new).result.unchanged
    assert store.get("us-ofac-sdn:6365").get("birthDate") == ["1957-07-30", "1958"]
