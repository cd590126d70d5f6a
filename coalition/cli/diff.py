"""`coalition diff DATASET [OLD] [NEW]`: what changed between two editions of a list."""

from __future__ import annotations

import click

from coalition.cli import context
from coalition.cli.output import console, emit_json, emit_rows, want_json


@click.command("diff")
@click.argument("dataset")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per change.")
@click.option("--summary", is_flag=True, help="Only the counts.")
def diff(dataset: str, old: str | None, new: str | None, as_json: bool, summary: bool) -> None:
    """Records added, changed and removed between two editions (by id or list date; default:
    the latest edition against the one before it)."""
    d = context.store().diff(dataset, old, new)
    head = {
        "dataset": dataset,
        "old": d.old.list_date if d.old else None,
        "new": d.new.list_date,
        "added": len(d.added), "changed": len(d.changed), "removed": len(d.removed),
    }
    as_json = want_json(as_json)
    if summary or not as_json:
        if as_json:
            emit_json(head)
        else:
            console.print(f"[bold]{dataset}[/] {head['old']} → {head['new']}: "
                          f"{head['added']} added, {head['changed']} changed, "
                          f"{head['removed']} removed")
        if summary:
            return
    rows = [
        {"change": kind, "id": c.entity_id, "schema": c.schema, "caption": c.caption}
        for kind, changes in (("added", d.added), ("changed", d.changed), ("removed", d.removed))
        for c in changes
    ]
    emit_rows(rows, ["change", "id", "schema", "caption"], as_json=as_json)
