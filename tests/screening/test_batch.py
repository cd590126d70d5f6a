"""Batch runs end to end on a screener over the fictional listed entities: each input format,
pass-through, mapping, the three outputs read back, and bad rows reported per row."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from coalition.errors import UsageError
from coalition.model import Entity
from coalition.screening import Screener
from coalition.screening import batch as batch_mod
from coalition.screening.batch_write import RESULT_COLUMNS, Screened, open_writer

HEADER = ["Customer No", "Full Name", "DOB", "Country", "Segment", "Notes"]
ROWS = [
    ["c1", "Ayman al-Zawahiri|أيمن الظواهري", "1951-06-19", "eg", "retail", "=1+1"],
    ["c2", "Argument OOO", "", "", "corporate", "ok"],
    ["c3", "", "", "", "retail", "no name"],
    ["c4", "Pyotr Nobody", "17/31/1980", "", "private", "bad date"],
    ["", "Totally Unknown Name", "", "xx-land", "retail", "bad country, no id"],
]


@pytest.fixture
def screener(listed: list[Entity]) -> Screener:
    return Screener.from_entities(listed)


def write_input(path: Path) -> Path:
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in [HEADER, *ROWS]:
            book.active.append(row)
        book.active["F2"].data_type = "s"  # typed as text in Excel, not as a formula
        book.save(path)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(dict(zip(HEADER, r, strict=True)),
                                           ensure_ascii=False) + "\n" for r in ROWS),
                        encoding="utf-8")
    else:
        delimiter = "\t" if path.suffix == ".tsv" else ","
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=delimiter).writerows([HEADER, *ROWS])
    return path


def screen(screener: Screener, source: Path, output: Path, workers: int = 1,
           **options: Any) -> list[Any]:
    batch = batch_mod.prepare(source, output, **options)
    summary = batch_mod.run(screener, batch, workers=workers)
    assert (summary.queries, summary.errors, summary.matched) == (5, 3, 2)
    assert len(summary.first_errors) == 3
    if output.suffix == ".csv":
        with output.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    if output.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(output).active
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".xlsx"])
def test_each_format_to_json_lines(screener: Screener, tmp_path: Path, suffix: str) -> None:
    source = write_input(tmp_path / f"customers{suffix}")
    lines = screen(screener, source, tmp_path / "out.jsonl")
    where = "row" if suffix == ".xlsx" else "line"
    n = 0 if suffix == ".jsonl" else 1  # the other formats have a header line
    assert [line["query_id"] for line in lines] == ["c1", "c2", "c3", "c4", f"{where}-{5 + n}"]
    first = lines[0]["results"][0]
    assert first["id"] == "p-zaw" and first["match"] is True
    assert set(first) == {"id", "caption", "schema", "score", "match", "referents", "datasets",
                          "explanations"}
    assert lines[1]["results"][0]["id"] == "o-arg"
    # the columns that fed no field, passed through as read
    assert [line["input"] for line in lines] == [{"Segment": r[4], "Notes": r[5]} for r in ROWS]
    assert lines[2]["error"] == (f"{source}:{where} {3 + n}: column 'Full Name' (name): a query "
                                 "needs at least one name; got none")
    assert lines[3]["error"].startswith(f"{source}:{where} {4 + n}: column 'DOB' (birth_date): "
                                        "unreadable date of birth '17/31/1980'")
    assert lines[4]["error"].startswith(f"{source}:{where} {5 + n}: column 'Country' (nationality):"
                                        " unknown country 'xx-land'")
    assert "results" not in lines[2]


def test_csv_output_read_back(screener: Screener, tmp_path: Path) -> None:
    source = write_input(tmp_path / "customers.csv")
    rows = screen(screener, source, tmp_path / "out.csv")
    assert rows[0] == HEADER + list(RESULT_COLUMNS)
    assert len(rows) == 6
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Full Name"] == ROWS[0][1] and first["Segment"] == "retail"
    assert first["Notes"] == "'=1+1"  # a formula sign shown as text, not run by a spreadsheet
    assert (first["query_id"], first["matched"], first["best_id"]) == ("c1", "yes", "p-zaw")
    assert first["best_caption"] == "Aiman Muhammed Rabi al-Zawahiri"
    assert 0.7 <= float(first["best_score"]) <= 1.0 and first["best_referents"] == "ftm-test:p-zaw"
    assert int(first["results"]) >= 1 and first["error"] == ""
    third = dict(zip(rows[0], rows[3], strict=True))
    assert third["results"] == "" and "a query needs at least one name" in third["error"]


def test_excel_output_read_back(screener: Screener, tmp_path: Path) -> None:
    source = write_input(tmp_path / "customers.jsonl")
    rows = screen(screener, source, tmp_path / "out.xlsx")
    assert rows[0] == HEADER + list(RESULT_COLUMNS)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Notes"] == "=1+1"  # kept as typed, stored as text: never a formula
    assert first["best_id"] == "p-zaw" and isinstance(first["best_score"], float)
    assert isinstance(first["results"], int)
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert book.active["F2"].data_type == "s"
    assert book.active.freeze_panes == "A2"


def test_mapping_and_format_override(screener: Screener, tmp_path: Path) -> None:
    source = tmp_path / "kunden.csv"
    source.write_text("Kundennr;Name;Geburtsdatum;Land\n"
                      "k1;Ayman al-Zawahiri;1951;Ägypten\nk2;Nobody;;\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    batch = batch_mod.prepare(source, out, columns=["id=Kundennr,birth_date=Geburtsdatum",
                                                    "nationality="],
                              output_format_name="csv")
    assert batch.columns.passed == ["Land"] and batch.output_format == "csv"
    summary = batch_mod.run(screener, batch)
    assert (summary.queries, summary.errors) == (2, 0)
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["query_id"] == "k1" and rows[0]["Land"] == "Ägypten"


def test_workers_keep_working(screener: Screener, tmp_path: Path) -> None:
    source = write_input(tmp_path / "customers.xlsx")
    one = screen(screener, source, tmp_path / "one.jsonl")
    two = screen(screener, source, tmp_path / "two.jsonl", workers=2)
    assert one == two


def test_generated_columns_do_not_clobber_input_ones(screener: Screener,
                                                     tmp_path: Path) -> None:
    source = tmp_path / "q.csv"
    source.write_text("name,error,results\nIvan,none,3\n", encoding="utf-8")
    batch_mod.run(screener, batch_mod.prepare(source, tmp_path / "o.csv"))
    with (tmp_path / "o.csv").open(encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert (row["error"], row["results"]) == ("none", "3")
    assert row["screening_error"] == "" and row["screening_results"].isdigit()


def test_hostile_cells_in_the_outputs(tmp_path: Path) -> None:
    header = ["name", "notes", "count"]
    item = Screened("q1", {"name": "Ivan", "notes": "bell\x07 and " + "n" * 40_000,
                           "count": 7}, error="line 2: refused")
    ok = Screened("q2", {"name": "Anna", "notes": "@SUM(A1)", "count": [1, 2]},
                  [{"id": "e1", "caption": "Anna K", "schema": "Person", "score": 0.81234,
                    "match": False, "referents": ["un-sc:1", "eu-fsf:2"],
                    "datasets": ["un-sc", "eu-fsf"], "explanations": {}}])
    for suffix in ("csv", "xlsx"):
        writer = open_writer(tmp_path / f"o.{suffix}", suffix, header, ["notes", "count"])
        writer.write(item)
        writer.write(ok)
        writer.close()
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx").active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    notes = rows[1][1]
    assert notes.startswith("bell\ufffd and ") and len(notes) == 32_767 and notes[-1] == "\u2026"
    assert rows[1][2] == 7 and rows[2][1] == "@SUM(A1)" and rows[2][2] == "[1,2]"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert (second["matched"], second["best_score"]) == ("no", 0.812)
    assert second["best_referents"] == "un-sc:1; eu-fsf:2" and second["results"] == 1
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as fh:
        flat = list(csv.DictReader(fh))
    assert flat[0]["notes"].startswith("bell\x07") and len(flat[0]["notes"]) == 40_010
    assert flat[0]["error"] == "line 2: refused" and flat[0]["matched"] == ""
    assert flat[1]["notes"] == "'@SUM(A1)" and flat[1]["count"] == "[1,2]"


def test_output_may_not_overwrite_the_input(tmp_path: Path) -> None:
    source = write_input(tmp_path / "customers.csv")
    with pytest.raises(UsageError, match="is the input file"):
        batch_mod.prepare(source, tmp_path / "." / "customers.csv")
