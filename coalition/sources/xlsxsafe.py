"""Hardened reading of Excel workbooks (.xlsx): bounded size, clear errors, rows as text.

An .xlsx file is a zip archive of XML parts. Before openpyxl sees it, the zip directory is
read and the declared uncompressed sizes are summed: a workbook over `MAX_UNCOMPRESSED`, or
one member packed more tightly than `MAX_RATIO` (a "zip bomb": a sheet of a few kilobytes
that inflates to gigabytes), is refused. The declared size is a real bound: Python's zip
reader never inflates a member past its declared size and fails its CRC check otherwise.
openpyxl is then run in read-only mode (rows streamed, never the whole sheet in memory) with
defusedxml doing the XML parsing. A truncated or corrupt workbook is an InputError naming
the file and the row it reached.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from coalition.errors import HostileInputError, InputError

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all parts together, inflated
MAX_RATIO = 1_000  # inflated / packed size of one member (real sheets: about 10)
RATIO_FLOOR = 1024 * 1024  # members smaller than this inflated are not judged by ratio
ZIP_MAGIC = b"PK\x03\x04"

Cell = str | int | float | date | datetime | time | None
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
                ParseError, InvalidFileException, OSError)


def check_archive(path: Path, *, limit: int = MAX_UNCOMPRESSED) -> None:
    """Refuse a workbook that is not a zip archive, or that inflates past `limit`."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError(f"not a readable .xlsx workbook (broken zip archive: {exc}); "
                         "download the file again", where=str(path)) from None
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise HostileInputError(
                f"refused: part {info.filename!r} inflates from {info.compress_size:,} to "
                f"{info.file_size:,} bytes (more than {MAX_RATIO}:1, a zip bomb)",
                where=str(path))
    if total > limit:
        raise HostileInputError(
            f"refused: the workbook inflates to {total:,} bytes, over the limit of {limit:,}",
            where=str(path))


def iter_rows(path: Path, *, sheet: int = 0,
              limit: int = MAX_UNCOMPRESSED) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    """(row number from 1, cell values) for each row of one sheet, trailing empty cells cut."""
    check_archive(path, limit=limit)
    row_number = 0
    with warnings.catch_warnings():
        # openpyxl warns about styles and data validation it does not read; rows are all we use
        warnings.simplefilter("ignore", UserWarning)
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except _READ_ERRORS as exc:
            raise InputError(f"not a readable .xlsx workbook: {exc}", where=str(path)) from None
        try:
            if sheet >= len(workbook.worksheets):
                raise InputError(f"the workbook has {len(workbook.worksheets)} sheet(s), "
                                 f"sheet {sheet + 1} was expected", where=str(path))
            rows = workbook.worksheets[sheet].iter_rows(values_only=True)
            while True:
                try:
                    values = next(rows)
                except StopIteration:
                    return
                except _READ_ERRORS as exc:
                    raise InputError(f"the sheet cannot be read past this row: {exc}",
                                     where=f"{path}:row {row_number + 1}") from None
                row_number += 1
                cut = len(values)
                while cut and (values[cut - 1] is None or values[cut - 1] == ""):
                    cut -= 1
                yield row_number, tuple(values[:cut])
        finally:
            workbook.close()


def first_rows(path: Path, count: int, *, sheet: int = 0) -> list[tuple[Cell, ...]]:
    """The first `count` rows (for detecting a layout); an empty list when unreadable."""
    out: list[tuple[Cell, ...]] = []
    try:
        with path.open("rb") as fh:
            if fh.read(4) != ZIP_MAGIC:
                return []
        for _, row in iter_rows(path, sheet=sheet):
            out.append(row)
            if len(out) >= count:
                break
    except InputError:
        return []
    return out


def cell_text(value: Cell) -> str | None:
    """A cell as stripped text: whole floats without '.0', dates as ISO; None when empty."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\xa0", " ").strip()
    return text or None
