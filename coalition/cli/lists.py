"""`coalition lists`: the loaded lists, their dates and counts; `lists update` fetches them."""

from __future__ import annotations

from pathlib import Path

import click

from coalition.cli import context
from coalition.cli.output import emit_rows, want_json


@click.group("lists", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.option("--all", "all_editions", is_flag=True, help="Every edition, not just the latest.")
@click.pass_context
def lists(ctx: click.Context, as_json: bool, all_editions: bool) -> None:
    """The lists in the store: dataset, list date, records, editions, last change."""
    if ctx.invoked_subcommand:
        return
    store = context.store()
    titles = {d.name: d.title for d in store.datasets()}
    editions = store.editions()
    latest = store.latest_editions()
    count: dict[str, int] = {}
    for ed in editions:
        count[ed.dataset] = count.get(ed.dataset, 0) + 1
    shown = editions if all_editions else sorted(latest.values(), key=lambda e: e.dataset)
    rows = [
        {
            "dataset": ed.dataset, "title": titles.get(ed.dataset), "edition": ed.id,
            "list_date": ed.list_date, "records": ed.entity_count,
            "editions": count[ed.dataset], "added": ed.added, "changed": ed.changed,
            "removed": ed.removed, "format": ed.format,
            "imported_at": ed.imported_at.isoformat(timespec="seconds"),
        }
        for ed in shown
    ]
    emit_rows(rows, ["dataset", "title", "list_date", "records", "editions", "added", "changed",
                     "removed", "format"], as_json=want_json(as_json), title="Loaded lists")


@lists.command("update")
@click.option("--source", "sources", multiple=True,
              help="Only these datasets (e.g. un-sc); default: every list with a download URL.")
@click.option("--mirror", metavar="URL",
              help="Fetch every file from URL/<dataset>/<file> (an internal mirror).")
@click.option("--keep", type=click.Path(path_type=Path), default=None,
              help="Folder to keep the downloaded files in (default: COALITION_HOME/downloads).")
def update(sources: tuple[str, ...], mirror: str | None, keep: Path | None) -> None:
    """Download the official lists from their publishers and import them."""
    from coalition.cli.imports import _print_summary, _summary
    from coalition.sources.fetch import HttpFetcher, update_lists

    folder = keep or context.settings().home / "downloads"
    result = update_lists(context.store(), HttpFetcher(), folder, only=list(sources),
                          mirror=mirror)
    for outcome in result.outcomes:
        _print_summary(_summary(outcome), outcome.report, verbose=False)
    for error in result.errors:
        click.echo(f"Error: {error}", err=True)
    if result.errors:
        raise SystemExit(1)
