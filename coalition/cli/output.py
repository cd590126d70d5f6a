"""Output for people and for pipes: a Rich table on a terminal, JSON lines when piped or --json."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click
import orjson
from rich.console import Console
from rich.table import Table

console = Console(stderr=False, soft_wrap=True)
err_console = Console(stderr=True)


def want_json(flag: bool) -> bool:
    """JSON lines when asked for, or when stdout is not a terminal."""
    return flag or not sys.stdout.isatty()


def emit_json(obj: Any) -> None:
    click.echo(orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode())


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    as_json: bool,
    title: str | None = None,
) -> None:
    """Rows as JSON lines or as a table with the given columns."""
    if as_json:
        for row in rows:
            emit_json(dict(row))
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console.print(table)
