"""OFAC's CSV layouts: the set (sdn.csv + alt.csv + add.csv + sdn_comments.csv, or the cons_
files of the consolidated list) and a lone sdn.csv whose remarks carry what the set spreads out.

The files have no header; `-0-` is null; some end with a Ctrl-Z byte. sdn_comments.csv holds
the rest of a Remarks field too long for sdn.csv, joined to it before parsing. A row with the
wrong number of columns stops the import with the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from coalition.errors import InputError
from coalition.model import Entity
from coalition.sources.base import ImportContext
from coalition.sources.textfile import csv_reader, decode
from coalition.sources.us_ofac.common import EntityBuilder, Entry, null, split_programs
from coalition.sources.us_ofac.rules import rules

Sniff = Callable[[Path, bytes], bool]
FALLBACKS = ("cp1252", "latin-1")
SDN_COLUMNS = 12
SET_FILES = {
    "sdn": ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
    "cons": ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
}
VESSEL_COLUMNS = {5: "callSign", 6: "type", 7: "tonnage", 8: "grossRegisteredTonnage", 9: "flag"}


def rows(path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line, row) of an OFAC CSV file; a row of another width is an InputError."""
    text, _ = decode(path, FALLBACKS)
    text = text.rstrip("\r\n\x1a \t")
    reader = csv_reader(text)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", where=f"{path}:line {start}") from None
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            raise InputError(
                f"expected {width} columns, found {len(row)} (a truncated or foreign file?)",
                where=f"{path}:line {start}",
            )
        if not row[0].strip().isdigit():
            raise InputError(f"the first column must be the entry number, found {row[0]!r}",
                             where=f"{path}:line {start}")
        yield start, row


def find(folder: Path, name: str) -> Path | None:
    """The file `name` in `folder`, whatever the case of its name."""
    for child in folder.iterdir():
        if child.is_file() and child.name.lower() == name:
            return child
    return None


def comments(path: Path | None) -> dict[str, str]:
    """The continuation of long Remarks by entry number (sdn_comments.csv)."""
    out: dict[str, str] = {}
    if path is None:
        return out
    for _, row in rows(path, 2):
        out[row[0].strip()] = out.get(row[0].strip(), "") + row[1]
    return out


def entry_of(row: list[str], more: str | None = None) -> Entry:
    """An Entry from one sdn.csv / cons_prim.csv row (plus its remarks continuation)."""
    remarks = null(row[11])
    if more:
        remarks = (row[11] if remarks else "") + more
    title = null(row[4])
    return Entry(
        ref=row[0].strip(),
        sdn_type=null(row[2]) or "",
        name=null(row[1]),
        programs=split_programs(null(row[3])),
        titles=[t.strip() for t in (title or "").split(";") if t.strip()],
        vessel={prop: v for i, prop in VESSEL_COLUMNS.items() if (v := null(row[i]))},
        vessel_owner=null(row[10]),
        remarks=remarks,
    )


def parse_set(path: Path, ctx: ImportContext, kind: str) -> Iterator[Entity]:
    """A folder of OFAC CSV files: entries, aliases, addresses and remarks continuations."""
    main_name, alt_name, add_name, comments_name = SET_FILES[kind]
    main = find(path, main_name)
    if main is None:
        raise InputError(f"the folder has no {main_name}", where=str(path))
    builder = EntityBuilder(ctx)
    more = comments(find(path, comments_name))
    by_ref: dict[str, Entity] = {}
    for _, row in rows(main, SDN_COLUMNS):
        entity = builder.entry(entry_of(row, more.pop(row[0].strip(), None)))
        by_ref[row[0].strip()] = entity
    for ref in more:
        ctx.unknown("orphan-row", f"{comments_name}: no entry {ref}", ref)
    alt = find(path, alt_name)
    if alt is None:
        ctx.unknown("missing-file", alt_name)
    else:
        for _, row in rows(alt, 5):
            named = by_ref.get(row[0].strip())
            if named is None:
                ctx.unknown("orphan-row", f"{alt_name}: no entry {row[0].strip()}", row[0].strip())
                continue
            builder.alias(named, null(row[2]), null(row[3]), null(row[4]), row[0].strip())
    add = find(path, add_name)
    if add is None:
        ctx.unknown("missing-file", add_name)
    else:
        for _, row in rows(add, 6):
            ref = row[0].strip()
            located = by_ref.get(ref)
            if located is None:
                ctx.unknown("orphan-row", f"{add_name}: no entry {ref}", ref)
                continue
            street, city, country = null(row[2]), null(row[3]), null(row[4])
            builder.address(located, row[1].strip(), [street, city], country, null(row[5]), ref,
                            street=street, city=city)
    yield from builder.finish()


def parse_sdn_set(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    return parse_set(path, ctx, "sdn")


def parse_cons_set(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    return parse_set(path, ctx, "cons")


def parse_lone(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    """A lone sdn.csv: every fact of an entry is in its columns and Remarks."""
    builder = EntityBuilder(ctx)
    for _, row in rows(path, SDN_COLUMNS):
        builder.entry(entry_of(row))
    yield from builder.finish()


def sniff_set(kind: str) -> Sniff:
    def sniff(path: Path, head: bytes) -> bool:
        return path.is_dir() and find(path, SET_FILES[kind][0]) is not None
    return sniff


def lone_programs(path: Path) -> list[list[str]] | None:
    """The programs of each entry of a lone 12-column OFAC CSV file; None when not one."""
    with path.open("rb") as fh:
        first = fh.readline(1 << 16)
    if b"-0-" not in first:
        return None
    try:
        head = next(csv.reader([first.decode("utf-8", errors="replace")]))
    except (csv.Error, StopIteration):
        return None
    if len(head) != SDN_COLUMNS or not head[0].strip().isdigit():
        return None
    programs: list[list[str]] = []
    try:
        for _, row in rows(path, SDN_COLUMNS):
            programs.append(split_programs(null(row[3])))
    except InputError:
        return programs  # a broken file is still this layout; parse will name the line
    return programs


def sniff_lone(consolidated: bool) -> Sniff:
    def sniff(path: Path, head: bytes) -> bool:
        if path.is_dir():
            return False
        programs = lone_programs(path)
        if programs is None:
            return False
        return rules().is_consolidated(programs) == consolidated
    return sniff
