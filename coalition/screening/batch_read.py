"""Reading a batch file as users have it: CSV, TSV, JSON lines (or a JSON array) and Excel.

`open_table(path)` settles the format (the file's extension, checked against its first bytes;
content sniffing when the extension says nothing), reads the header and returns a `Table`
whose `rows()` yields one `InputRow` per non-empty row, keyed by the header. What makes the
whole file unreadable is an InputError naming the file (and the line or row): an empty file,
an undecodable byte, a header with a duplicate or oversized column, a workbook that is not
one or that declares millions of cells. What is wrong with one row only (more fields than
the header, a line that is not a JSON object, a cell over `MAX_CELL`) travels with that row
as its `problem`, so the run goes on and the output says which row and why.

Text is decoded as `coalition.sources.textfile` does (UTF-8, then the encoding the caller
names); UTF-16 with a byte-order mark, which Excel writes as "Unicode Text", is read too.
Workbooks are `batch_xlsx`; the row and header checks all formats share, `batch_table`.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from coalition.errors import HostileInputError, InputError, UsageError
from coalition.screening.batch_table import (
    MAX_COLUMNS,
    InputRow,
    Table,
    checked_header,
    oversized,
)
from coalition.screening.batch_xlsx import open_xlsx
from coalition.sources import textfile, xlsxsafe

FORMATS = ("csv", "tsv", "jsonl", "xlsx")
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl",
              ".ndjson": "jsonl", ".json": "jsonl", ".xlsx": "xlsx", ".xlsm": "xlsx"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def open_table(path: Path, *, format: str | None = None, encoding: str | None = None) -> Table:
    """The batch file at `path`, its format given or detected; InputError if unreadable."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r}; e.g. cp1252, latin-1, "
                             "utf-16") from None
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", where=str(path)) from None
    fmt = settle_format(path, head, format)
    if fmt == "xlsx":
        return open_xlsx(path)
    text = _decode(path, head, encoding)
    if not text.strip():
        raise InputError("the file is empty; expected a header row such as "
                         "id,name,schema,birth_date,nationality", where=str(path))
    if fmt == "jsonl" or (format is None and path.suffix.lower() not in EXTENSIONS
                          and text.lstrip()[:1] in ("{", "[")):
        return _open_json(path, text)
    if fmt == "csv":
        fmt = "tsv" if sniff_delimiter(text) == "\t" else "csv"
    return _open_delimited(path, text, fmt)


def settle_format(path: Path, head: bytes, forced: str | None) -> str:
    """The format to read: forced, or by extension, or by content; the content must agree."""
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(OLE_MAGIC):
        raise InputError("an old .xls workbook or a password-protected one; save it as .xlsx "
                         "(without a password) or as CSV UTF-8", where=str(path))
    is_zip = head.startswith(xlsxsafe.ZIP_MAGIC)
    fmt = forced or EXTENSIONS.get(suffix) or ("xlsx" if is_zip else "csv")
    if fmt == "xlsx" and is_zip and EXTENSIONS.get(suffix) != "xlsx":
        raise InputError("a zip archive (an Excel workbook?) not named .xlsx; rename it to "
                         ".xlsx to read it as a workbook", where=str(path))
    if fmt == "xlsx" and not is_zip:
        shown = head.decode("utf-8", "replace")
        raise InputError(f"named as an Excel workbook but it is not one (it starts with "
                         f"{shown!r}); rename it to .csv if it is text, or save it from Excel "
                         "as .xlsx", where=str(path))
    if fmt != "xlsx" and is_zip:
        raise InputError(f"read as {fmt} but it is a zip archive (an Excel workbook?); rename "
                         "it to .xlsx or give --input-format xlsx", where=str(path))
    return fmt


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in many European locales) or tab: the one the header line,
    outside quotes, holds most of; comma on a tie."""
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _decode(path: Path, head: bytes, encoding: str | None) -> str:
    """The file's text: UTF-16 by its byte-order mark (which textfile refuses for its NUL
    bytes), otherwise as textfile decodes it."""
    if head.startswith(_UTF16_BOMS) or (encoding or "").lower().replace("-", "") == "utf16":
        try:
            return path.read_bytes().decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"broken UTF-16 text at byte {exc.start:,}: {exc.reason}",
                             where=str(path)) from None
    try:
        text, _ = textfile.decode(path, (encoding,) if encoding else ())
    except InputError as exc:
        hint = "" if encoding else "; e.g. --encoding cp1252 for a Windows export"
        raise InputError(exc.message + hint, where=exc.where) from None
    return text


def _records(path: Path, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each record; a field over textfile.MAX_FIELD is fatal."""
    reader = textfile.csv_reader(text, delimiter)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger" not in str(exc):
                raise InputError(f"unreadable CSV: {exc}", where=f"{path}:line {start}") \
                    from None
            raise HostileInputError(f"a field over {textfile.MAX_FIELD:,} characters (or an "
                                    "unclosed quote that runs on)",
                                    where=f"{path}:line {start}") from None
        if any(f.strip() for f in record):
            yield start, record


def _open_delimited(path: Path, text: str, fmt: str) -> Table:
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(text)
    records = _records(path, text, delimiter)
    first = next(records, None)
    if first is None:
        raise InputError("the file is empty", where=str(path))
    header = checked_header(path, f"line {first[0]}", first[1])
    count = sum(1 for _ in records)  # a fatal flaw further down shows before any screening

    def rows() -> Iterator[InputRow]:
        body = _records(path, text, delimiter)
        next(body)
        for line, record in body:
            cells = dict.fromkeys(header, "")
            cells.update(zip(header, record, strict=False))
            problem = None
            if len(record) > len(header):
                problem = (f"{len(record)} fields where the header has {len(header)} (an "
                           "unquoted delimiter in a value?)")
            yield InputRow(line, f"line {line}", cells, problem or oversized(cells))

    return Table(path, fmt, header, rows, size_hint=count)


def _open_json(path: Path, text: str) -> Table:
    if text.lstrip().startswith("["):
        return _open_json_array(path, text)
    header: list[str] = []
    count = 0
    for row in _json_lines(path, text):
        header.extend(k for k in row.cells if k not in header)
        if len(header) > MAX_COLUMNS:
            raise HostileInputError(f"the objects hold over {MAX_COLUMNS:,} distinct keys",
                                    where=f"{path}:{row.where}")
        count += 1
    return Table(path, "jsonl", checked_header(path, "line 1", header),
                 lambda: _json_lines(path, text), size_hint=count)


def _json_lines(path: Path, text: str) -> Iterator[InputRow]:
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield InputRow(line, f"line {line}", {}, f"not JSON: {exc}")
            continue
        yield _json_row(line, f"line {line}", value)


def _json_row(number: int, where: str, value: Any) -> InputRow:
    if not isinstance(value, dict):
        return InputRow(number, where, {}, f"expected a JSON object, got {type(value).__name__}")
    cells = {str(k).strip(): v for k, v in value.items()}
    return InputRow(number, where, cells, oversized(cells))


def _open_json_array(path: Path, text: str) -> Table:
    try:
        items = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", where=str(path)) from None
    if not isinstance(items, list):
        raise InputError("expected JSON lines or an array of objects", where=str(path))
    header: list[str] = []
    for item in items:
        if isinstance(item, dict):
            header.extend(str(k).strip() for k in item if str(k).strip() not in header)
    header = checked_header(path, "item 1", header)
    return Table(path, "jsonl", header,
                 lambda: (_json_row(i, f"item {i}", v) for i, v in enumerate(items, start=1)),
                 size_hint=len(items))
