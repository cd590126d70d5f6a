"""`coalition show REF`: an entity with every value and where it came from."""

from __future__ import annotations

import click
from rich.table import Table

from coalition.cli import context
from coalition.cli.output import console, emit_json, want_json


@click.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="FtM JSON with statements.")
def show(ref: str, as_json: bool) -> None:
    """Show an entity by source reference (un-sc:QDi.001) or id, with each value's provenance."""
    store = context.store()
    entity = store.get(ref)
    related = store.related(entity)
    if want_json(as_json):
        data = entity.to_ftm()
        data["statements"] = [s.to_dict() for s in entity.statements]
        data["related"] = [r.to_ftm() for r in related]
        emit_json(data)
        return
    console.print(f"[bold]{entity.caption}[/]  {entity.schema.name}  {entity.id}")
    console.print(f"sources: {', '.join(entity.referents)}")
    table = Table("property", "value", "source", "first seen", "last seen")
    for s in sorted(entity.statements, key=lambda s: (s.prop, s.value)):
        value = s.value if not s.lang else f"{s.value} [{s.lang}]"
        table.add_row(s.prop, value, s.reference, s.first_seen or "", s.last_seen or "")
    console.print(table)
    for other in related:
        console.print(f"\n[bold]{other.schema.name}[/] {other.id}")
        for prop, values in sorted(other.properties.items()):
            console.print(f"  {prop}: {'; '.join(values)}", highlight=False, markup=False)
