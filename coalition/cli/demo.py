"""`coalition demo`: the main job of `make run` on the embedded default.

Loads the bundled sample lists (fictional, in the UN XML and OFAC CSV layouts) into the
store in COALITION_HOME and shows what was loaded. Later capabilities extend this job.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from coalition.cli import context
from coalition.cli.output import console, emit_rows
from coalition.sources.pipeline import import_path

SAMPLE_FILES = ("un_sample.xml", "ofac_sample")


def sample_paths() -> list[Path]:
    root = Path(str(resources.files("coalition.samples")))
    return [root / name for name in SAMPLE_FILES]


@click.command("demo")
def demo() -> None:
    """Load the bundled sample lists and show them (what `make run` does)."""
    store = context.store()
    console.print(f"[bold]Store:[/] {store.url}")
    for path in sample_paths():
        outcome = import_path(store, path)
        state = "already loaded" if outcome.result.unchanged else "loaded"
        console.print(f"{outcome.report.dataset}: {outcome.report.records} records from "
                      f"{path.name} ({state}; {outcome.report.unknown_total} items not understood)")
    rows = [
        {"dataset": ed.dataset, "list_date": ed.list_date, "records": ed.entity_count}
        for ed in sorted(store.latest_editions().values(), key=lambda e: e.dataset)
    ]
    emit_rows(rows, ["dataset", "list_date", "records"], as_json=False, title="Loaded lists")
