"""`coalition import FILE_OR_DIR…`: load official lists into the store."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from coalition.cli import context
from coalition.cli.output import emit_json, err_console, want_json
from coalition.errors import InputError
from coalition.ledger.identity import store_screener
from coalition.model.dates import parse_date
from coalition.sources.base import ImportReport
from coalition.sources.pipeline import ImportOutcome, import_path
from coalition.sources.registry import formats


def _summary(outcome: ImportOutcome) -> dict[str, object]:
    r, res = outcome.report, outcome.result
    return {
        "path": str(outcome.path),
        "dataset": r.dataset,
        "format": r.format,
        "list_date": res.edition.list_date,
        "edition": res.edition.id,
        "records": r.records,
        "unchanged": res.unchanged,
        "added": 0 if res.unchanged else res.edition.added,
        "changed": 0 if res.unchanged else res.edition.changed,
        "removed": 0 if res.unchanged else res.edition.removed,
        "schemata": dict(sorted(r.schemata.items())),
        "unknown": r.unknown_total,
        "findings": r.to_dict()["findings"],
        "linked": outcome.linked.recorded if outcome.linked else 0,
    }


def _print_summary(s: dict[str, object], report: ImportReport, verbose: bool) -> None:
    state = "unchanged (same content already imported)" if s["unchanged"] else (
        f"+{s['added']} added, ~{s['changed']} changed, -{s['removed']} removed")
    err_console.print(
        f"[bold]{s['dataset']}[/] {s['list_date']} ({s['format']}): {s['records']:,} records, "
        f"{state}; {report.unknown_total:,} items not understood"
        + (f"; {s['linked']:,} links to other lists" if s["linked"] else "")
    )
    findings = report.to_dict()["findings"]
    assert isinstance(findings, list)
    for f in findings[: None if verbose else 10]:
        examples = ", ".join(f["examples"][:3])
        err_console.print(f"  {f['count']:>6,} × {f['kind']}: {f['detail']}  [dim]({examples})[/]",
                          highlight=False, markup=False)
    if not verbose and len(findings) > 10:
        err_console.print(f"  … {len(findings) - 10} more kinds; --verbose lists them all")


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", help="Force a format instead of detecting it from the content.")
@click.option("--dataset", help="Name for FtM files (becomes ftm-NAME); default: the file name.")
@click.option("--list-date", help="The edition's date (YYYY-MM-DD) for files that carry none "
              "(OFAC CSV, Rosfinmonitoring); default: a date in the file name, else its mtime.")
@click.option("--json", "as_json", is_flag=True, help="One JSON summary line per file.")
@click.option("--verbose", "-v", is_flag=True, help="List every kind of item not understood.")
def import_cmd(paths: tuple[Path, ...], fmt: str | None, dataset: str | None,
               list_date: str | None, as_json: bool, verbose: bool) -> None:
    """Import official lists (UN XML, OFAC CSV/XML, UK OFSI, EU, AU DFAT, CA SEMA, RU RFM, FtM).

    The format is detected from the content; each file is one transaction, so a file that
    cannot be read leaves the store as it was. The formats: `coalition formats`.
    """
    if fmt and fmt not in formats():
        raise click.BadParameter(f"{fmt!r}; known: {', '.join(sorted(formats()))}",
                                 param_hint="--format")
    if list_date is not None and parse_date(list_date) != list_date:
        raise click.BadParameter(f"{list_date!r} is not a date like 2026-02-27",
                                 param_hint="--list-date")
    store = context.store()
    failed = 0
    for path in paths:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                      TextColumn("{task.completed:,} records"), TimeElapsedColumn(),
                      console=err_console, transient=True,
                      disable=not err_console.is_terminal) as progress:
            task = progress.add_task(f"importing {path.name}", total=None)
            try:
                outcome = import_path(store, path, format=fmt, dataset=dataset,
                                      list_date=list_date,
                                      progress=lambda n, t=task: progress.advance(t, n))
            except InputError as exc:
                failed += 1
                click.echo(f"Error: {exc}", err=True)
                continue
        summary = _summary(outcome)
        if want_json(as_json):
            emit_json(summary)
        _print_summary(summary, outcome.report, verbose)
    if failed < len(paths):
        build_index()
    if failed:
        sys.exit(1)


def build_index() -> None:
    """Build (or find) the screening index of what is now loaded and save it in
    COALITION_HOME, so the first `coalition screen` after an import starts at once."""
    started = time.perf_counter()
    with err_console.status("building the screening index"):
        screener = store_screener(context.store(), cache=context.settings().home / "screening")
    err_console.print(f"screening index: {len(screener):,} entities, ready in "
                      f"{time.perf_counter() - started:.1f} s")
