"""`coalition show REF`: an entity, whole, with every value and the lists that say it."""

from __future__ import annotations

import click
from rich.table import Table

from coalition.cli import context
from coalition.cli.output import console, emit_json, want_json
from coalition.ledger.identity import entity_ftm, merged_entity, related_of, value_sources


@click.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="FtM JSON with statements.")
def show(ref: str, as_json: bool) -> None:
    """Show an entity by its id, the id of any of its records or a source reference
    (un-sc:QDi.001): the records of every list the resolution links join to it, merged, each
    value with the lists that give it."""
    store = context.store()
    entity = merged_entity(store, ref)
    related = related_of(store, entity)
    if want_json(as_json):
        data = entity_ftm(entity)
        data["caption"] = entity.caption
        data["provenance"] = value_sources(entity)
        data["statements"] = [s.to_dict() for s in entity.statements]
        data["related"] = [r.to_ftm() for r in related]
        emit_json(data)
        return
    console.print(f"[bold]{entity.caption}[/]  {entity.schema.name}  {entity.id}")
    console.print(f"lists: {', '.join(entity.datasets)}", highlight=False)
    console.print(f"sources: {', '.join(entity.referents)}", highlight=False)
    table = Table("property", "value", "lists", "first seen", "last seen")
    for prop, rows in sorted(value_sources(entity).items()):
        for row in sorted(rows, key=lambda r: r["value"]):
            stmts = [s for s in entity.statements_of(prop) if s.value == row["value"]]
            langs = sorted({s.lang for s in stmts if s.lang})
            value = row["value"] + (f" [{', '.join(langs)}]" if langs else "")
            first = min((s.first_seen for s in stmts if s.first_seen), default="")
            last = max((s.last_seen for s in stmts if s.last_seen), default="")
            table.add_row(prop, value, ", ".join(sorted(row["datasets"])), first, last)
    console.print(table)
    for other in related:
        console.print(f"\n[bold]{other.schema.name}[/] {other.id}")
        for prop, values in sorted(other.properties.items()):
            console.print(f"  {prop}: {'; '.join(values)}", highlight=False, markup=False)
