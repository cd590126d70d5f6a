"""Rosfinmonitoring's list of terrorists and extremists, CSV: name, date of birth[, place of birth].

The file comes as the cp1251 original or a UTF-8 copy and usually without a header row
(a header, when present, names the columns). Names are in Cyrillic ("rus") or, for some,
in Latin script. The list has no record numbers: a record's reference is its name in Latin
letters and its date of birth (`ru-rfm:ABAEV-ASLANBEK-BAUDINOVICH-1983-05-29`), so a row
that repeats an earlier one, or spells it with Ё for Е, joins that record and is reported as
`duplicate-record`. Columns beyond the known ones are reported as `unknown-column`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from anyascii import anyascii

from coalition.errors import InputError
from coalition.model import Entity
from coalition.model.dates import parse_date
from coalition.sources.base import Format, ImportContext, load_source
from coalition.sources.textfile import csv_reader, decode

SOURCE: dict[str, Any] = load_source(__package__)
FALLBACKS = tuple(SOURCE["fallback_encodings"])
HEADERS: dict[str, str] = SOURCE["headers"]
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_ROW = re.compile(r"^[^,\d]{3,},\s*\d{1,2}\.\d{1,2}\.\d{4}")
_SLUG = re.compile(r"[^A-Z0-9]+")
_BORN = re.compile(r"\s*г\.?\s*р\.?\s*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_ENDINGS = tuple(e.lower() for e in SOURCE["patronymic_endings"])


def sniff(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return False
    for enc in ("utf-8-sig", *FALLBACKS):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4 and enc.startswith("utf-8"):
                text = head[: exc.start].decode(enc)  # a character cut by the end of the head
                break
    else:
        return False
    lines = [ln.strip() for ln in text.splitlines()[:5] if ln.strip()]
    if not lines or not _CYRILLIC.search(text):
        return False
    first = [c.strip().lower() for c in lines[0].split(",")]
    return bool(_ROW.match(lines[0])) or (bool(first) and first[0] in HEADERS
                                         and HEADERS[first[0]] == "name")


def clean_name(text: str) -> str:
    return _SPACE.sub(" ", text).strip(" *,;")


def reference(name: str, birth_date: str | None) -> str:
    """Name in Latin letters plus date of birth: the same for Е/Ё and hyphen/space spellings."""
    slug = _SLUG.sub("-", anyascii(name).upper().replace("'", "")).strip("-")
    return f"{slug}-{birth_date or 'undated'}"


def name_parts(entity: Entity, name: str) -> None:
    """Surname, given name and patronymic, as Russian lists write them, when the form is clear."""
    tokens = name.split()
    patronymic: list[str] = []
    lower = [t.lower() for t in tokens]
    if len(tokens) >= 4 and lower[-1] in _ENDINGS:  # "ТОФИК ОГЛЫ": father's name + marker
        patronymic = tokens[-2:]
    elif len(tokens) >= 3 and lower[-1].endswith(_ENDINGS):
        patronymic = tokens[-1:]
    rest = tokens[: len(tokens) - len(patronymic)]
    if len(rest) == 2 or (patronymic and len(rest) >= 2):
        entity.add("lastName", rest[0])
        entity.add("firstName", " ".join(rest[1:]))
        entity.add("middleName", " ".join(patronymic) or None)


def columns_of(first: list[str], ctx: ImportContext) -> list[str | None] | None:
    """The column names from a header row, or None when the first row is a record."""
    cells = [c.strip().lower() for c in first]
    if not any(c in HEADERS for c in cells) or _ROW.match(",".join(first)):
        return None
    out: list[str | None] = []
    for raw, cell in zip(first, cells, strict=True):
        if cell in HEADERS:
            out.append(HEADERS[cell])
        else:
            out.append(None)
            if cell:
                ctx.unknown("unknown-column", raw.strip(), None)
    return out


def read_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    text, _ = decode(path, FALLBACKS)
    reader = csv_reader(text)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", where=f"{path}:line {reader.line_num}") from None


def ends_cleanly(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(0, io.SEEK_END)
        if fh.tell() == 0:
            return True
        fh.seek(-1, io.SEEK_END)
        return fh.read(1) in (b"\n", b"\r")


def parse(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    rows = list(read_rows(path))
    if not rows:
        raise InputError("the file holds no rows", where=str(path))
    complete = ends_cleanly(path)
    columns: list[str | None] = list(SOURCE["columns"])
    header = columns_of(rows[0][1], ctx)
    if header is not None:
        columns, rows = header, rows[1:]
    seen: dict[str, tuple[int, str]] = {}
    for index, (lineno, row) in enumerate(rows):
        if not any(c.strip() for c in row):
            continue
        where = f"{path}:line {lineno}"
        cells: dict[str, str] = {}
        extra: list[int] = []
        for i, cell in enumerate(row):
            column = columns[i] if i < len(columns) else None
            if column is None:
                if cell.strip():
                    extra.append(i + 1)
            elif cell.strip():
                cells[column] = cell.strip()
        name = clean_name(cells.get("name", ""))
        if not name:
            raise InputError("a row without a name", where=where)
        raw_dob = _BORN.sub("", cells.get("birthDate", "")) or None
        dob = parse_date(raw_dob)
        last = index == len(rows) - 1
        if last and not complete and (raw_dob is None or dob is None):
            raise InputError("the file ends in the middle of a record; is it truncated?",
                             where=where)
        ref = reference(name, dob or raw_dob)
        for col in extra:
            ctx.unknown("unknown-column", f"column {col}", ref)
        if raw_dob is None:
            ctx.unknown("missing-value", "date of birth", ref)
        entity = ctx.make("Person", ref)
        lang = "rus" if _CYRILLIC.search(name) else None
        if ref in seen:
            first_line, first_name = seen[ref]
            variant = "repeats" if first_name == name else "spells differently"
            ctx.unknown("duplicate-record", f"line {lineno} {variant} line {first_line}", ref)
            if first_name != name:
                entity.add("alias", name, lang=lang)
            yield entity
            continue
        seen[ref] = (lineno, name)
        entity.add("name", name, lang=lang)
        name_parts(entity, name)
        entity.add("birthDate", raw_dob if dob is None else dob, original=raw_dob)
        entity.add("birthPlace", cells.get("birthPlace"), lang=lang)
        entity.add("topics", "sanction")
        sanction = ctx.make_child("Sanction", entity, "ru-rfm", ref)
        sanction.add("entity", entity.id)
        sanction.add("authority", SOURCE["publisher"])
        sanction.add("program", SOURCE["title"])
        yield entity
        yield sanction


FORMATS = [Format.from_source(SOURCE, sniff, parse)]
