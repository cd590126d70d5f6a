"""Reading text files whose encoding publishers do not state: UTF-8 first, then a named fallback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coalition.errors import InputError

MAX_FIELD = 1 << 20  # one CSV field may hold at most 1 MiB


def csv_reader(text: str, delimiter: str = ",") -> Any:
    """A csv reader over `text` that refuses fields over MAX_FIELD. The limit is process-wide
    state that other libraries also set (followthemoney raises it), so it is set again here,
    at every use, rather than once at import."""
    csv.field_size_limit(MAX_FIELD)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def decode(path: Path, fallbacks: tuple[str, ...] = ()) -> tuple[str, str]:
    """The file's text and the encoding that read it; an InputError naming the line otherwise."""
    raw = path.read_bytes()
    if b"\x00" in raw[:65536]:
        raise InputError("binary data where text was expected (NUL bytes)", where=str(path))
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    for enc in fallbacks:
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    line = raw[: first_error.start].count(b"\n") + 1
    tried = ", ".join(("utf-8", *fallbacks))
    raise InputError(
        f"cannot decode byte 0x{raw[first_error.start]:02x} (tried {tried}); "
        "save the file as UTF-8 or name its encoding",
        where=f"{path}:line {line}",
    )


def read_csv(
    path: Path, *, fallbacks: tuple[str, ...] = (), delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(line number, row) pairs; a field over MAX_FIELD or a broken quote is an InputError."""
    text, _ = decode(path, fallbacks)
    reader = csv_reader(text, delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", where=f"{path}:line {reader.line_num}") from None
        yield reader.line_num, row
