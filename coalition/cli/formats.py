"""`coalition formats`: the file layouts `coalition import` understands."""

from __future__ import annotations

import click

from coalition.cli.output import emit_rows, want_json
from coalition.sources.registry import formats as all_formats


@click.command("formats")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def formats(as_json: bool) -> None:
    """The import formats: name (for --format), dataset, publisher, description."""
    rows = [
        {"format": f.name, "dataset": f.dataset if f.dataset != "ftm" else "ftm-<name>",
         "publisher": f.publisher, "description": f.description or f.title}
        for f in sorted(all_formats().values(), key=lambda f: (f.dataset, f.name))
    ]
    emit_rows(rows, ["format", "dataset", "publisher", "description"], as_json=want_json(as_json),
              title="Import formats")
