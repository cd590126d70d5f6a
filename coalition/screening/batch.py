"""Batch screening: a CSV of queries in, one JSON line of results per query out.

Columns `id,name,schema,birth_date,nationality`, optional `passport`, `id_number`; `name`
may hold several names joined by `|`. A row that is not a valid query gets a line with an
`error` instead of `results`, naming the row, and is counted; the run goes on. With workers,
the screener is built once and shared with forked processes.
"""

from __future__ import annotations

import csv
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from coalition.errors import InputError, UsageError
from coalition.screening.query import Query
from coalition.screening.screener import Screener

REQUIRED = ("id", "name")
KNOWN = ("id", "name", "schema", "birth_date", "nationality", "passport", "id_number")
CHUNK = 64
_SCREENER: Screener | None = None
_OPTIONS: dict[str, Any] = {}


@dataclass
class BatchSummary:
    queries: int = 0
    errors: int = 0
    matched: int = 0


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every row of a query CSV; InputError for a wrong header."""
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"cannot read the query file: {exc.strerror}", where=str(path)) from exc
    with fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError(f"the query file lacks the column(s) {', '.join(missing)}; "
                             f"expected {','.join(KNOWN)}", where=f"{path}:line 1")
        unknown = [c for c in header if c not in KNOWN]
        if unknown:
            raise InputError(f"unknown column(s) {', '.join(unknown)}; expected "
                             f"{','.join(KNOWN)}", where=f"{path}:line 1")
        try:
            for row in reader:
                yield reader.line_num, {k: (v or "") for k, v in row.items() if k}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"unreadable CSV: {exc}", where=f"{path}:line {reader.line_num}") \
                from exc


def to_query(line: int, row: dict[str, str]) -> Query:
    qid = row.get("id", "").strip() or f"line-{line}"
    return Query.build(
        [n for n in row.get("name", "").split("|") if n.strip()],
        schema=row.get("schema") or None,
        birth_date=row.get("birth_date") or None,
        nationality=row.get("nationality") or None,
        passport=row.get("passport") or None,
        id_number=row.get("id_number") or None,
        id=qid,
    )


def _screen_one(item: tuple[int, dict[str, str]]) -> bytes:
    line, row = item
    assert _SCREENER is not None
    qid = row.get("id", "").strip() or f"line-{line}"
    try:
        query = to_query(line, row)
    except UsageError as exc:
        return orjson.dumps({"query_id": qid, "error": f"line {line}: {exc.message}"})
    results = _SCREENER.match(query, **_OPTIONS)
    return orjson.dumps({"query_id": qid, "results": [r.to_dict() for r in results]})


def _screen_chunk(items: list[tuple[int, dict[str, str]]]) -> list[bytes]:
    return [_screen_one(item) for item in items]


def _chunks(rows: Iterator[tuple[int, dict[str, str]]]) -> Iterator[list[tuple[int, dict[str,
                                                                                      str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    screener: Screener,
    source: Path,
    output: Path,
    *,
    workers: int = 1,
    limit: int = 5,
    threshold: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Screen every query of `source` into `output` (JSON lines, in input order)."""
    global _SCREENER, _OPTIONS
    _SCREENER, _OPTIONS = screener, {"limit": limit, "threshold": threshold}
    summary = BatchSummary()
    chunks = _chunks(read_rows(source))
    with output.open("wb") as out:
        if workers > 1:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                done = pool.imap(_screen_chunk, chunks)
                _write(done, out, summary, progress)
        else:
            _write(map(_screen_chunk, chunks), out, summary, progress)
    return summary


def _write(done: Iterator[list[bytes]], out: Any, summary: BatchSummary,
           progress: Callable[[int], None] | None) -> None:
    for lines in done:
        for line in lines:
            out.write(line + b"\n")
            summary.queries += 1
            if line.startswith(b'{"query_id"') and b'"error":' in line[:200] and \
                    b'"results"' not in line:
                summary.errors += 1
            elif b'"match":true' in line:
                summary.matched += 1
        if progress:
            progress(len(lines))
