"""What the batch readers hand on: rows keyed by their file's header, and the checks every
format shares (header names, cell sizes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coalition.errors import HostileInputError, InputError

MAX_CELL = 32_767  # characters in one cell: Excel's own limit, so any real sheet fits
MAX_HEADER = 256  # characters in one column header
MAX_COLUMNS = 1_000


@dataclass
class InputRow:
    """One row of the file: where it is (`line 17`, `row 17`), its cells by column header,
    and what is wrong with it as read, if anything."""

    number: int
    where: str
    cells: dict[str, Any]
    problem: str | None = None


@dataclass
class Table:
    """A readable batch file: its format, header, and a way to stream its rows again."""

    path: Path
    format: str
    header: list[str]
    _rows: Callable[[], Iterator[InputRow]] = field(repr=False)
    size_hint: int | None = None  # rows, when known without reading them all

    def rows(self) -> Iterator[InputRow]:
        return self._rows()

    def count(self) -> int | None:
        """Rows to screen, for a progress bar: counted for text, as declared for a sheet
        (None when the sheet declares no size)."""
        return self.size_hint


def checked_header(path: Path, where: str, cells: list[str]) -> list[str]:
    """Column names from a header row: stripped, an empty one named `column N`; an
    InputError for a duplicate, an oversized name or too many columns."""
    if len(cells) > MAX_COLUMNS:
        raise HostileInputError(f"the header has {len(cells):,} columns, over the limit of "
                                f"{MAX_COLUMNS:,}", where=f"{path}:{where}")
    header: list[str] = []
    for i, cell in enumerate(cells, start=1):
        name = cell.strip().lstrip("\ufeff").strip() or f"column {i}"
        if len(name) > MAX_HEADER:
            raise HostileInputError(f"column {i}'s header holds {len(name):,} characters, over "
                                    f"the limit of {MAX_HEADER}", where=f"{path}:{where}")
        if name in header:
            raise InputError(f"the column {name!r} appears twice (columns "
                             f"{header.index(name) + 1} and {i}); rename one",
                             where=f"{path}:{where}")
        header.append(name)
    return header


def oversized(cells: dict[str, Any]) -> str | None:
    """What is wrong when a text cell is longer than MAX_CELL (the cell is then dropped)."""
    for name, value in list(cells.items()):
        if isinstance(value, str) and len(value) > MAX_CELL:
            del cells[name]
            return (f"column {name!r} holds {len(value):,} characters, over the limit of "
                    f"{MAX_CELL:,}; left out")
    return None
