"""`coalition export --format ftm`: the current lists as FollowTheMoney JSON lines."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from coalition.cli import context


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm", show_default=True)
@click.option("--dataset", help="Only this list (default: every loaded list).")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="File (default: stdout).")
def export(fmt: str, dataset: str | None, output: Path | None) -> None:
    """Export the latest edition of the lists as FtM JSON lines (entities with datasets,
    referents and first/last seen)."""
    out = output.open("wb") if output else sys.stdout.buffer
    try:
        for entity in context.store().entities(dataset):
            out.write(orjson.dumps(entity.to_ftm()) + b"\n")
    finally:
        if output:
            out.close()
