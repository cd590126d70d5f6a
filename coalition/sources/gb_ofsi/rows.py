"""The rows of an OFSI list file (Excel or CSV) as dicts by column name, with their line numbers.

Both layouts open with a "Last Updated" row holding the list's date, then the header row
(found by its "Group ID" and "Name 6" columns, not assumed to be row 2), then one row per name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coalition.errors import FormatError
from coalition.sources.gb_ofsi.values import ofsi_date
from coalition.sources.textfile import read_csv
from coalition.sources.xlsxsafe import Cell, cell_text, iter_rows

HEADER_MARKS = ("Group ID", "Name 6", "Group Type")
MAX_HEADER_ROW = 20
CSV_FALLBACKS = ("cp1252",)


@dataclass
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    header: list[str]
    list_date: str | None = None
    rows: list[Row] = field(default_factory=list)


def is_header(cells: list[str | None]) -> bool:
    return all(mark in cells for mark in HEADER_MARKS)


def build(path: Path, lines: Iterable[tuple[int, list[str | None]]], unit: str) -> Table:
    """The table from (line number, cells) pairs: date row, header row, then records."""
    table: Table | None = None
    list_date: str | None = None
    for number, cells in lines:
        if table is None:
            if cells and cells[0] and cells[0].strip().lower() == "last updated" and len(cells) > 1:
                list_date = ofsi_date(cells[1])
            elif is_header(cells):
                header = [(c or "").strip() for c in cells]
                table = Table(header=header, list_date=list_date)
            elif number >= MAX_HEADER_ROW:
                break
            continue
        if not any(cells):
            continue
        if len(cells) > len(table.header) and any(cells[len(table.header):]):
            raise FormatError(f"the row has {len(cells)} cells, the header {len(table.header)}",
                              where=f"{path}:{unit} {number}")
        table.rows.append(Row(number, {h: c for h, c in zip(table.header, cells, strict=False)
                                       if h and c}))
    if table is None:
        raise FormatError(
            f"no header row with the columns {', '.join(HEADER_MARKS)} in the first "
            f"{MAX_HEADER_ROW} rows: this is not the OFSI consolidated list layout",
            where=str(path))
    return table


def _xlsx_lines(path: Path) -> Iterator[tuple[int, list[str | None]]]:
    for number, values in iter_rows(path):
        yield number, [_text(v) for v in values]


def _text(value: Cell) -> str | None:
    text = cell_text(value)
    if text and len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"  # a date cell, written as OFSI does
    return text


def _csv_lines(path: Path) -> Iterator[tuple[int, list[str | None]]]:
    for number, cells in read_csv(path, fallbacks=CSV_FALLBACKS):
        yield number, [c.replace("\xa0", " ").strip() or None for c in cells]


def read_xlsx(path: Path) -> Table:
    return build(path, _xlsx_lines(path), "row")


def read_csv_table(path: Path) -> Table:
    return build(path, _csv_lines(path), "line")
