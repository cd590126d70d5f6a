"""UK OFSI Consolidated List, as Excel (`ofsi-xlsx`) or CSV (`ofsi-csv`).

Rows are grouped by Group ID, one entity per group (`gb-ofsi:<Group ID>`): Individual ->
Person, Entity -> Organization, Ship -> Vessel. Each regime gives a Sanction carrying the
UK reference, the UN reference (`unscId`, from a UN column or the "(UN Ref)" tag of Other
Information) and the listing dates; documents and addresses become Passport, Identification
and Address entities. The list's date is the "Last Updated" row above the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coalition.errors import InputError
from coalition.model import Entity
from coalition.sources.base import Format, ImportContext
from coalition.sources.gb_ofsi.record import SOURCE, map_group
from coalition.sources.gb_ofsi.rows import HEADER_MARKS, Row, Table, read_csv_table, read_xlsx
from coalition.sources.xlsxsafe import ZIP_MAGIC, cell_text, first_rows


def sniff_xlsx(path: Path, head: bytes) -> bool:
    if path.is_dir() or not head.startswith(ZIP_MAGIC):
        return False
    for row in first_rows(path, 5):
        cells = [cell_text(c) for c in row]
        if all(mark in cells for mark in HEADER_MARKS):
            return True
    return False


def sniff_csv(path: Path, head: bytes) -> bool:
    if path.is_dir() or head.startswith(ZIP_MAGIC):
        return False
    text = head[:8192].decode("utf-8", errors="replace")
    return all(mark in text for mark in HEADER_MARKS) and "Alias Type" in text


def groups(path: Path, table: Table) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in table.rows:
        group_id = row.values.get("Group ID")
        if not group_id:
            raise InputError("a row without a Group ID", where=f"{path}:line {row.line}")
        out.setdefault(group_id, []).append(row)
    return out


def entities(path: Path, table: Table, ctx: ImportContext) -> Iterator[Entity]:
    ctx.list_date = table.list_date
    for group_id, rows in groups(path, table).items():
        yield from map_group(ctx, group_id, rows)


def parse_xlsx(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    return entities(path, read_xlsx(path), ctx)


def parse_csv(path: Path, ctx: ImportContext) -> Iterator[Entity]:
    return entities(path, read_csv_table(path), ctx)


FORMATS = [
    Format.from_source(SOURCE, sniff_xlsx, parse_xlsx, name="ofsi-xlsx"),
    Format.from_source(SOURCE, sniff_csv, parse_csv, name="ofsi-csv", url=SOURCE["csv_url"]),
]
