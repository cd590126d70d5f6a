"""Writing batch results: JSON lines for programs, CSV or Excel for people.

JSON lines follow the contract, one line per query: `{"query_id", "results": [...]}` or
`{"query_id", "error"}`, plus `"input"` with the row's passed-through columns (those that fed
no query field) exactly as read, when the file has any.

CSV and Excel hold one row per query: every input column as read, then `query_id`,
`matched` (yes or no: whether the best result is a match), the best result's `best_caption`,
`best_score`, `best_id`, `best_schema`, `best_referents` and `best_datasets` (joined by
`; `), the number of `results`, and the row's `error`. A generated column whose name the
input already uses is prefixed with `screening_`. Both are written for spreadsheet programs:
CSV as UTF-8 with a byte-order mark (so Excel shows every script), a text cell that a
spreadsheet would run as a formula (`=`, `+`, `-`, `@`) gets a leading apostrophe; Excel
cells are typed as text, so nothing is ever a formula there, and control characters Excel
cannot hold are replaced.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import openpyxl  # type: ignore[import-untyped]
import orjson
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from coalition.errors import UsageError

OUTPUT_FORMATS = ("jsonl", "csv", "xlsx")
OUTPUT_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                     ".xlsx": "xlsx"}
RESULT_COLUMNS = ("query_id", "matched", "best_caption", "best_score", "best_id",
                  "best_schema", "best_referents", "best_datasets", "results", "error")
EXCEL_CELL = 32_767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Screened:
    """One row's outcome: its query id and results (as `Result.to_dict()`), or an error."""

    query_id: str
    cells: dict[str, Any]
    results: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


class Writer(Protocol):
    def write(self, item: Screened) -> None: ...

    def close(self) -> None: ...


def output_format(path: Path, forced: str | None) -> str:
    """The output format asked for, else the one the file name says, else JSON lines."""
    if forced is not None:
        if forced not in OUTPUT_FORMATS:
            raise UsageError(f"unknown output format {forced!r}; use one of "
                             f"{', '.join(OUTPUT_FORMATS)}")
        return forced
    return OUTPUT_EXTENSIONS.get(path.suffix.lower(), "jsonl")


def open_writer(path: Path, fmt: str, header: Sequence[str], passed: Sequence[str]) -> Writer:
    """A writer of `fmt` to `path` for a file with `header`, `passed` of them passed through."""
    if fmt == "jsonl":
        return JsonLinesWriter(path.open("wb"), list(passed))
    columns = flat_columns(header)
    if fmt == "csv":
        return CsvWriter(path.open("w", encoding="utf-8-sig", newline=""), list(header),
                         columns)
    return ExcelWriter(path, list(header), columns)


def flat_columns(header: Sequence[str]) -> list[str]:
    """The generated columns' names, made distinct from the input's."""
    out = []
    for name in RESULT_COLUMNS:
        while name in header:
            name = "screening_" + name
        out.append(name)
    return out


def flat_values(item: Screened) -> list[Any]:
    """The generated columns' values for one row, in RESULT_COLUMNS order."""
    if not item.results:
        return [item.query_id, "" if item.error else "no", "", None, "", "", "", "",
                None if item.error else 0, item.error or ""]
    best = item.results[0]
    return [item.query_id, "yes" if best["match"] else "no", best["caption"],
            round(float(best["score"]), 3), best["id"], best["schema"],
            "; ".join(best["referents"]), "; ".join(best["datasets"]), len(item.results), ""]


def cell_text(value: Any) -> str:
    """A passed-through value as one cell of text (lists and objects as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict | bool):
        return orjson.dumps(value).decode()
    return str(value)


class JsonLinesWriter:
    def __init__(self, out: IO[bytes], passed: list[str]) -> None:
        self.out, self.passed = out, passed

    def write(self, item: Screened) -> None:
        data: dict[str, Any] = {"query_id": item.query_id}
        if item.error is not None:
            data["error"] = item.error
        else:
            data["results"] = item.results
        if self.passed:
            data["input"] = {c: item.cells[c] for c in self.passed if c in item.cells}
        self.out.write(orjson.dumps(data) + b"\n")

    def close(self) -> None:
        self.out.close()


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text: an apostrophe before a leading formula sign."""
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvWriter:
    def __init__(self, out: IO[str], header: list[str], columns: list[str]) -> None:
        self.out, self.header = out, header
        self.csv = csv.writer(out)
        self.csv.writerow([spreadsheet_safe(c) for c in header + columns])

    def write(self, item: Screened) -> None:
        values = [cell_text(item.cells.get(c)) for c in self.header]
        values += ["" if v is None else str(v) for v in flat_values(item)]
        self.csv.writerow([spreadsheet_safe(v) for v in values])

    def close(self) -> None:
        self.out.close()


class ExcelWriter:
    """A streamed workbook (openpyxl write-only): bold frozen header, filters, text cells."""

    def __init__(self, path: Path, header: list[str], columns: list[str]) -> None:
        self.path, self.header = path, header
        self.book = openpyxl.Workbook(write_only=True)
        self.sheet = self.book.create_sheet("results")
        self.sheet.freeze_panes = "A2"
        width = len(header) + len(columns)
        self.sheet.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(width)}1"
        for i, name in enumerate(header + columns, start=1):
            wide = 40 if name in ("best_caption", "best_referents") else 16
            self.sheet.column_dimensions[openpyxl.utils.get_column_letter(i)].width = wide
        bold = Font(bold=True)
        self.sheet.append([self._cell(c, bold) for c in header + columns])

    def _cell(self, value: Any, font: Font | None = None) -> WriteOnlyCell:
        if isinstance(value, str) or not isinstance(value, int | float | None):
            text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell_text(value))
            if len(text) > EXCEL_CELL:
                text = text[:EXCEL_CELL - 1] + "\u2026"
            cell = WriteOnlyCell(self.sheet, value=None)
            cell.value, cell.data_type = text, "s"
        else:
            cell = WriteOnlyCell(self.sheet, value=value)
        if font is not None:
            cell.font = font
        return cell

    def write(self, item: Screened) -> None:
        values = [item.cells.get(c) for c in self.header] + flat_values(item)
        self.sheet.append([self._cell(v) for v in values])

    def close(self) -> None:
        self.book.save(self.path)
