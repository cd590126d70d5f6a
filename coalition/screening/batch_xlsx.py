"""Reading the first sheet of an Excel workbook (.xlsx) as a batch file.

Rows come through `coalition.sources.xlsxsafe` (zip-bomb checks, streamed rows, defused
XML). One more check is made first: openpyxl pads every row to the width the sheet declares
in its `<dimension>` element and yields every missing row, so a file of a few kilobytes that
declares `A1:XFD1048576` costs seventeen billion cells. The declaration is read from the head
of the sheet's XML before openpyxl iterates; a sheet past MAX_COLUMNS or MAX_CELLS is refused.
"""

from __future__ import annotations

import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl.reader.excel import ExcelReader  # type: ignore[import-untyped]
from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from coalition.errors import HostileInputError, InputError
from coalition.screening.batch_table import (
    MAX_COLUMNS,
    InputRow,
    Table,
    checked_header,
    oversized,
)
from coalition.sources import xlsxsafe

MAX_CELLS = 50_000_000  # rows x columns a sheet may declare
HEAD = 64 * 1024  # the dimension element comes before the sheet's data, in its first bytes
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}"
                        rb"[0-9]{1,7})?)\"")
_BOOK_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
                ParseError, InvalidFileException, OSError)


def open_xlsx(path: Path) -> Table:
    """The first sheet as a table; the workbook is opened once for the header and the first
    pass over the rows, again only when the rows are asked for a second time."""
    size = declared_size(path)
    sheet = _sheet_rows(path)
    first = next(sheet, None)
    if first is None:
        raise InputError("the sheet is empty; expected a header row in row 1", where=str(path))
    header = checked_header(path, f"row {first[0]}",
                            [xlsxsafe.cell_text(c) or "" for c in first[1]])
    pending: list[Iterator[tuple[int, tuple[xlsxsafe.Cell, ...]]]] = [sheet]

    def rows() -> Iterator[InputRow]:
        if pending:
            body = pending.pop()
        else:
            body = _sheet_rows(path)
            next(body)
        for number, values in body:
            cells = dict.fromkeys(header, "")
            cells.update((h, xlsxsafe.cell_text(v) or "") for h, v in zip(header, values,
                                                                          strict=False))
            problem = None
            if len(values) > len(header):
                problem = f"{len(values)} cells where the header has {len(header)}"
            yield InputRow(number, f"row {number}", cells, problem or oversized(cells))

    hint = max(size - first[0], 0) if size is not None else None
    return Table(path, "xlsx", header, rows, size_hint=hint)


def _sheet_rows(path: Path) -> Iterator[tuple[int, tuple[xlsxsafe.Cell, ...]]]:
    """Non-empty rows of the first sheet; a row past MAX_COLUMNS stops the reading."""
    for number, values in xlsxsafe.iter_rows(path):
        if len(values) > MAX_COLUMNS:
            raise HostileInputError(f"the row reaches column {len(values):,}, over the limit "
                                    f"of {MAX_COLUMNS:,}", where=f"{path}:row {number}")
        if any(xlsxsafe.cell_text(v) for v in values):
            yield number, values


def declared_size(path: Path) -> int | None:
    """The last row the first sheet declares (None when it declares no dimension); a
    HostileInputError when the declared columns pass MAX_COLUMNS or the cells MAX_CELLS."""
    xlsxsafe.check_archive(path)
    ref = _dimension(path)
    if ref is None:
        return None
    _, _, columns, rows = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
    if columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise HostileInputError(
            f"the sheet declares {rows:,} rows x {columns:,} columns ({ref}), over the limit "
            f"of {MAX_COLUMNS:,} columns and {MAX_CELLS:,} cells; delete the empty rows and "
            "columns, split the file, or save it as CSV", where=str(path))
    return int(rows)


def _dimension(path: Path) -> str | None:
    """The `ref` of the first worksheet's dimension element, found as openpyxl finds that
    sheet (the workbook part's sheet list and relations), without reading its cells."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            reader = ExcelReader(path, read_only=True)
            try:
                reader.read_manifest()
                reader.read_workbook()
                for _, rel in reader.parser.find_sheets():
                    if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                        with reader.archive.open(rel.target) as src:
                            found = _DIMENSION.search(src.read(HEAD))
                        return found.group(1).decode() if found else None
            finally:
                reader.archive.close()
        except _BOOK_ERRORS as exc:
            raise InputError(f"not a readable .xlsx workbook: {exc}", where=str(path)) from None
    raise InputError("the workbook has no worksheet", where=str(path))
