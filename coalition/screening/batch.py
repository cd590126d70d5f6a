"""Batch screening: a file of queries in, the results of each query out, in input order.

    prepare(source, output, ...)   reads the header, settles formats and the column map
    run(screener, batch, ...)      screens every row and writes one output record per row

Reading (CSV, TSV, JSON lines, Excel) is `batch_read`, the column map `batch_columns`,
writing (JSON lines, CSV, Excel) `batch_write`; this module only turns rows into
`Query.build(...)` and writes what `Screener.match` returns. A row that is not a valid query
gets an `error` naming the file, its line or row and the column at fault, and is counted;
the run goes on. With workers, the screener and the column map are set before the processes
fork and are shared with them.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coalition.errors import UsageError
from coalition.screening.batch_columns import ColumnMap, parse_mapping, resolve
from coalition.screening.batch_read import open_table
from coalition.screening.batch_table import InputRow, Table
from coalition.screening.batch_write import Screened, Writer, open_writer, output_format
from coalition.screening.query import Query
from coalition.screening.screener import Screener

CHUNK = 64
KEEP_ERRORS = 3
_SCREENER: Screener | None = None
_COLUMNS: ColumnMap | None = None
_SOURCE = ""
_OPTIONS: dict[str, Any] = {}


@dataclass
class BatchSummary:
    queries: int = 0
    errors: int = 0
    matched: int = 0
    seconds: float = 0.0
    first_errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Batch:
    """A readable input file with its column map, and where and how to write the results."""

    table: Table
    columns: ColumnMap
    output: Path
    output_format: str


def prepare(source: Path, output: Path, *, input_format: str | None = None,
            encoding: str | None = None, columns: Sequence[str] = (),
            output_format_name: str | None = None) -> Batch:
    """Open `source` and map its columns; UsageError or InputError naming what is wrong."""
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"--output {output} is the input file; write the results elsewhere")
    mapping = parse_mapping(columns)
    fmt = output_format(output, output_format_name)
    table = open_table(source, format=input_format, encoding=encoding)
    column_map = resolve(table.header, mapping, where=str(source))
    return Batch(table, column_map, output, fmt)


def query_id(row: InputRow, columns: ColumnMap) -> str:
    """The row's id cell as text, or its place in the file (`line-17`, `row-17`)."""
    ids = columns.fields.get("id")
    value = row.cells.get(ids[0]) if ids else None
    if isinstance(value, int | float | str) and not isinstance(value, bool) and \
            str(value).strip():
        return str(value).strip()
    return row.where.replace(" ", "-")


def build_query(row: InputRow, columns: ColumnMap, qid: str) -> Query:
    """The row's query; a UsageError naming the column at fault otherwise."""
    args = columns.query_args(row.cells)
    names = args.pop("names")
    args.pop("id", None)
    try:
        return Query.build(names, **args, id=qid)
    except UsageError as exc:
        culprit = _culprit(names, args, qid)
        prefix = f"column {columns.column_of(culprit)!r} ({culprit}): " if culprit else ""
        raise UsageError(prefix + exc.message) from None


def _culprit(names: list[str], args: dict[str, Any], qid: str) -> str | None:
    """The field whose value Query.build refuses: tried one at a time, on a refused row only."""
    try:
        Query.build(names, id=qid)
    except UsageError:
        return "name"
    for name, value in args.items():
        if value is None:
            continue
        try:
            Query.build(names, **{name: value}, id=qid)
        except UsageError:
            return name
    return None


def _screen_one(row: InputRow) -> Screened:
    assert _SCREENER is not None and _COLUMNS is not None
    qid = query_id(row, _COLUMNS)
    where = f"{_SOURCE}:{row.where}"
    if row.problem:
        return Screened(qid, row.cells, error=f"{where}: {row.problem}")
    try:
        query = build_query(row, _COLUMNS, qid)
    except UsageError as exc:
        return Screened(qid, row.cells, error=f"{where}: {exc.message}")
    results = _SCREENER.match(query, **_OPTIONS)
    return Screened(qid, row.cells, [r.to_dict() for r in results])


def _screen_chunk(rows: list[InputRow]) -> list[Screened]:
    return [_screen_one(row) for row in rows]


def _chunks(rows: Iterable[InputRow]) -> Iterator[list[InputRow]]:
    chunk: list[InputRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    screener: Screener,
    batch: Batch,
    *,
    workers: int = 1,
    limit: int = 5,
    threshold: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Screen every row of the batch's file into its output, in input order."""
    global _SCREENER, _COLUMNS, _SOURCE, _OPTIONS
    _SCREENER, _COLUMNS, _SOURCE = screener, batch.columns, str(batch.table.path)
    _OPTIONS = {"limit": limit, "threshold": threshold}
    started = time.perf_counter()
    summary = BatchSummary()
    chunks = _chunks(batch.table.rows())
    writer = open_writer(batch.output, batch.output_format, batch.table.header,
                         batch.columns.passed)
    try:
        if workers > 1:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                _write(pool.imap(_screen_chunk, chunks), writer, summary, progress)
        else:
            _write(map(_screen_chunk, chunks), writer, summary, progress)
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write(done: Iterable[list[Screened]], writer: Writer, summary: BatchSummary,
           progress: Callable[[int], None] | None) -> None:
    for items in done:
        for item in items:
            writer.write(item)
            summary.queries += 1
            if item.error is not None:
                summary.errors += 1
                if len(summary.first_errors) < KEEP_ERRORS:
                    summary.first_errors.append(item.error)
            elif any(r["match"] for r in item.results):
                summary.matched += 1
        if progress:
            progress(len(items))
