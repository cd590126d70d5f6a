"""Reading batch files: each format, encodings, and every way a file can be bad. The files
are written by the tests."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from coalition.errors import HostileInputError, InputError, UsageError
from coalition.screening.batch_read import open_table
from coalition.screening.batch_table import MAX_CELL, MAX_COLUMNS, InputRow

ROWS = [["id", "Full Name", "DOB", "Segment"],
        ["c1", "Ayman al-Zawahiri|أيمن الظواهري", "1951-06-19", "retail"],
        ["c2", "Ivan Petrov", "", "private"]]


def cells(rows: list[InputRow]) -> list[dict[str, object]]:
    return [r.cells for r in rows]


def expected() -> list[dict[str, str]]:
    return [dict(zip(ROWS[0], row, strict=True)) for row in ROWS[1:]]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(("name", "text", "fmt"), [
    ("q.csv", "\n".join(",".join(r) for r in ROWS) + "\n", "csv"),
    ("q.csv", "\n".join(";".join(r) for r in ROWS) + "\n", "csv"),  # Excel in de/fr
    ("q.tsv", "\n".join("\t".join(r) for r in ROWS) + "\n", "tsv"),
    ("q.txt", "\n".join("\t".join(r) for r in ROWS) + "\n", "tsv"),  # sniffed
    ("q.jsonl", "\n".join(json.dumps(dict(zip(ROWS[0], r, strict=True)), ensure_ascii=False)
                          for r in ROWS[1:]) + "\n", "jsonl"),
    ("q.json", json.dumps([dict(zip(ROWS[0], r, strict=True)) for r in ROWS[1:]]), "jsonl"),
])
def test_text_formats(tmp_path: Path, name: str, text: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    table = open_table(path)
    assert table.format == fmt
    assert table.header == ROWS[0]
    assert cells(list(table.rows())) == expected()
    assert table.count() == 2


def test_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "q.xlsx", [ROWS[0], [1001, "Ayman al-Zawahiri",
                                                      date(1951, 6, 19), "retail"],
                                            [], ["c2", "Ivan Petrov", None, "private"]])
    table = open_table(path)
    assert table.format == "xlsx" and table.header == ROWS[0]
    rows = list(table.rows())
    assert [r.where for r in rows] == ["row 2", "row 4"]  # the empty row 3 is skipped
    assert rows[0].cells == {"id": "1001", "Full Name": "Ayman al-Zawahiri",
                             "DOB": "1951-06-19", "Segment": "retail"}
    assert rows[1].cells["DOB"] == ""


@pytest.mark.parametrize(("encoding", "option"), [("utf-8-sig", None), ("utf-16", None),
                                                  ("cp1252", "cp1252")])
def test_encodings(tmp_path: Path, encoding: str, option: str | None) -> None:
    path = tmp_path / "q.csv"
    path.write_text("id,name,Städt\n1,José Müller,Zürich\n", encoding=encoding)
    rows = list(open_table(path, encoding=option).rows())
    assert rows[0].cells == {"id": "1", "name": "José Müller", "Städt": "Zürich"}


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes("id,name\n1,Ivan\n2,José\n".encode("cp1252"))
    with pytest.raises(InputError) as err:
        open_table(path)
    assert err.value.where == f"{path}:line 3"
    assert "0xe9" in err.value.message and "--encoding cp1252" in err.value.message
    with pytest.raises(UsageError, match="unknown encoding"):
        open_table(path, encoding="klingon")


def test_row_problems_travel_with_the_row(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text("id,name\n1,Ivan\n2,Ivan,extra\n,,\n3,\"quoted, comma\"\n"
                    f"4,{'x' * (MAX_CELL + 1)}\n5,Anna\n", encoding="utf-8")
    rows = list(open_table(path).rows())
    assert [r.where for r in rows] == ["line 2", "line 3", "line 5", "line 6", "line 7"]
    assert rows[0].problem is None and rows[2].cells["name"] == "quoted, comma"
    assert rows[1].problem is not None and "3 fields where the header has 2" in rows[1].problem
    assert rows[3].problem is not None and "column 'name'" in rows[3].problem
    assert "name" not in rows[3].cells  # the oversized cell is not carried along
    assert rows[4].problem is None


def test_json_lines_problems(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "name": "Ivan", "tags": ["a"]}\n\n{broken\n[1, 2]\n'
                    '{"id": 2, "name": "Anna", "extra": null}\n', encoding="utf-8")
    table = open_table(path)
    assert table.header == ["id", "name", "tags", "extra"]
    rows = list(table.rows())
    assert [r.where for r in rows] == ["line 1", "line 3", "line 4", "line 5"]
    assert rows[0].cells == {"id": 1, "name": "Ivan", "tags": ["a"]}
    assert rows[1].problem is not None and rows[1].problem.startswith("not JSON")
    assert rows[2].problem == "expected a JSON object, got list"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("q.csv", b"", "empty"),
    ("q.csv", b"\xef\xbb\xbf \n\n", "empty"),
    ("q.xlsx", b"id,name\n1,Ivan\n", "not one (it starts with 'id,name"),
    ("q.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old .xls"),
    ("q.csv", b"PK\x03\x04rest", "zip archive"),
    ("q.csv", b"id,name\n1,\"" + b"x" * ((1 << 20) + 1) + b"\"\n", "a field over 1,048,576"),
    ("q.csv", b"id,name,id\n1,a,b\n", "'id' appears twice (columns 1 and 3)"),
    ("q.csv", b"id," + b"n" * 300 + b"\n", "header holds 300 characters"),
    ("q.csv", b",".join(b"c%d" % i for i in range(MAX_COLUMNS + 1)) + b"\n", "columns, over"),
    ("q.csv", b"id,name\n1,Iv\x00an\n", "NUL bytes"),
])
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        open_table(path)
    assert message in err.value.message
    assert str(path) in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        open_table(tmp_path / "absent.csv")


def test_broken_workbook(tmp_path: Path) -> None:
    path = tmp_path / "q.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(InputError, match="not a readable .xlsx workbook"):
        open_table(path)


def test_workbook_declaring_huge_dimensions_is_refused(tmp_path: Path) -> None:
    # two cells, one in A1 and one in the last cell Excel has: 17 billion padded cells if read
    path = tmp_path / "bomb.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "name"
    book.active["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 10_000
    with pytest.raises(HostileInputError, match="1,048,576 rows x 16,384 columns"):
        open_table(path)


def test_workbook_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "q.xlsx", [["id", "name"], ["1", "Ivan"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b" " * (8 << 20))
    with pytest.raises(HostileInputError, match="zip bomb"):
        open_table(path)


def test_empty_sheet(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the sheet is empty"):
        open_table(write_xlsx(tmp_path / "q.xlsx", []))


def test_oversized_json_value_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": 1, "name": "Ivan", "notes": "n" * (MAX_CELL + 1)}) +
                    "\n" + json.dumps({"id": 2, "name": "Anna"}) + "\n", encoding="utf-8")
    rows = list(open_table(path).rows())
    assert rows[0].problem is not None and "column 'notes' holds 32,768 characters" in \
        rows[0].problem
    assert rows[1].problem is None


def test_content_decides_when_the_name_does_not(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text('{"name": "Ivan"}\n', encoding="utf-8")
    assert open_table(path).format == "jsonl"
    assert open_table(path, format="csv").header == ['{"name": "Ivan"}']
    workbook = write_xlsx(tmp_path / "export.xlsx", [["name"], ["Ivan"]])
    with pytest.raises(InputError, match="rename it to .xlsx"):
        open_table(workbook.rename(tmp_path / "export"))
