"""The formats coalition can import, one package per official list, and detection by content."""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from coalition.errors import FormatError, UsageError
from coalition.sources.base import Format

# One package per source; each exposes FORMATS: list[Format]. Order matters for detection
# only where two formats could claim one file (the most specific first).
SOURCE_PACKAGES = (
    "coalition.sources.un_sc",
    "coalition.sources.us_ofac",
    "coalition.sources.gb_ofsi",
    "coalition.sources.eu_fsf",
    "coalition.sources.au_dfat",
    "coalition.sources.ca_sema",
    "coalition.sources.ru_rfm",
    "coalition.sources.ftm",
)
HEAD_BYTES = 65_536


@functools.cache
def formats() -> dict[str, Format]:
    out: dict[str, Format] = {}
    for name in SOURCE_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a source not built yet
            raise
        for fmt in module.FORMATS:
            out[fmt.name] = fmt
    return out


def get_format(name: str) -> Format:
    try:
        return formats()[name]
    except KeyError:
        known = ", ".join(sorted(formats()))
        raise UsageError(f"unknown format {name!r}; known formats: {known}") from None


def read_head(path: Path) -> bytes:
    if path.is_dir():
        return b""
    with path.open("rb") as fh:
        return fh.read(HEAD_BYTES)


def detect(path: Path) -> Format:
    """The format of `path`, judged from its content (and, for folders, the files in it)."""
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    head = read_head(path)
    if not path.is_dir() and not head.strip():
        raise FormatError("the file is empty", where=str(path))
    for fmt in formats().values():
        if fmt.sniff(path, head):
            return fmt
    known = ", ".join(sorted(formats()))
    raise FormatError(
        f"no importer recognises this content; force one with --format ({known})",
        where=str(path),
    )
