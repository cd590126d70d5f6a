"""`coalition screen`: one name against the loaded lists, or a file of queries in batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from coalition.cli import context
from coalition.cli.output import console, emit_json, emit_rows, err_console, want_json
from coalition.errors import UsageError
from coalition.ledger.identity import store_screener
from coalition.screening import Query, Result, Screener, batch_read, batch_write
from coalition.screening import batch as batch_mod


@click.command("screen")
@click.argument("name", required=False)
@click.option("--dob", help="Date of birth: 1971-07-28, 1971-07 or 1971.")
@click.option("--country", "countries", multiple=True,
              help="Nationality or country (ISO code or name); repeatable.")
@click.option("--schema", help="Person, Organization, Company, Vessel… (default: any).")
@click.option("--gender", help="male, female or other.")
@click.option("--passport", help="Passport number.")
@click.option("--id-number", help="National ID or registration number.")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--threshold", type=click.FloatRange(0.0, 1.0),
              help="Score from which a result is a match (default: per schema, 0.7).")
@click.option("--explain", is_flag=True, help="Show the evidence behind each score.")
@click.option("--dataset", help="Screen against one list only (e.g. un-sc).")
@click.option("--view", "view_policy", metavar="POLICY",
              help="Screen against the joint list's consolidated view under POLICY (any, "
                   "quorum:K, all, members:A,B, un) instead of the loaded lists.")
@click.option("--as-of", help="With --view: the date of the consolidated view (default: "
                                "today).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.option("--input", "input_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Batch: a CSV, TSV, JSON lines or Excel (.xlsx) file of queries, columns "
                   "id,name,schema,birth_date,nationality[,passport,id_number] or headers "
                   "like them (Full Name, DOB, Country); other columns are passed through.")
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Batch: the file to write, one record per query: JSON lines (default), "
                   ".csv or .xlsx for people.")
@click.option("--input-format", type=click.Choice(batch_read.FORMATS),
              help="Batch: read the input as this format (default: by extension and content).")
@click.option("--format", "output_format", type=click.Choice(batch_write.OUTPUT_FORMATS),
              help="Batch: write the output as this format (default: by extension, else "
                   "jsonl).")
@click.option("--columns", "column_specs", multiple=True, metavar="FIELD=COLUMN,...",
              help="Batch: which input column feeds which field, e.g. 'name=Full Name,"
                   "birth_date=DOB,nationality=Country'; name=Given+Surname joins two.")
@click.option("--encoding", help="Batch: the text encoding of the input when not UTF-8, "
                                 "e.g. cp1252.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Batch: processes screening in parallel.")
def screen(name: str | None, dob: str | None, countries: tuple[str, ...], schema: str | None,
           gender: str | None, passport: str | None, id_number: str | None, limit: int,
           threshold: float | None, explain: bool, dataset: str | None,
           view_policy: str | None, as_of: str | None, as_json: bool,
           input_path: Path | None, output_path: Path | None, input_format: str | None,
           output_format: str | None, column_specs: tuple[str, ...], encoding: str | None,
           workers: int) -> None:
    """Screen NAME (or a file of queries with --input) against the lists in the store, or
    against a consolidated view of the joint list with --view."""
    if view_policy is not None and dataset is not None:
        raise UsageError("give either --dataset (one loaded list) or --view (a consolidated "
                         "view of the joint list), not both")
    if as_of is not None and view_policy is None:
        raise UsageError("--as-of needs --view, e.g. --view quorum:2 --as-of 2015-11-16")
    if input_path is not None:
        if name is not None:
            raise UsageError("give either a NAME or --input, not both")
        if output_path is None:
            raise UsageError("--input needs --output, the file to write (.jsonl, .csv or "
                             ".xlsx)")
        batch = batch_mod.prepare(input_path, output_path, input_format=input_format,
                                  encoding=encoding, columns=column_specs,
                                  output_format_name=output_format)
        _batch(_screener(dataset, view_policy, as_of), batch, workers, limit, threshold)
        return
    if column_specs or input_format or output_format or encoding or output_path:
        raise UsageError("--output, --columns, --input-format, --format and --encoding go "
                         "with --input")
    if name is None:
        raise UsageError('give a NAME to screen, e.g. coalition screen "Ayman al-Zawahiri"')
    query = Query.build(name, schema=schema, birth_date=dob, nationality=list(countries),
                        gender=gender, passport=passport, id_number=id_number)
    screener = _screener(dataset, view_policy, as_of)
    results = screener.match(query, limit=limit, threshold=threshold)
    if want_json(as_json):
        for r in results:
            data = r.to_dict()
            if not explain:
                data.pop("explanations")
            emit_json(data)
        return
    rows = [{"score": f"{r.score:.3f}", "match": "yes" if r.match else "", "caption": r.caption,
             "schema": r.schema, "sources": ", ".join(r.referents),
             "listed by / objected by": _positions(r)} for r in results]
    columns = ["score", "match", "caption", "schema", "sources"]
    title = f"Screening {name!r} against {len(screener):,} listed entities"
    if view_policy is not None:
        from coalition.ledger.screening_view import ViewScreener  # loaded with the view
        columns.append("listed by / objected by")
        if isinstance(screener, ViewScreener):
            title += f" of the joint list ({screener.describe()})"
    emit_rows(rows, columns, as_json=False, title=title)
    if explain:
        for r in results:
            console.print(f"[bold]{r.caption}[/] {r.score:.3f}", highlight=False)
            for feature, ev in r.explanations.items():
                console.print(f"  {feature}: {ev['score']}  {ev['detail']}", highlight=False,
                              markup=False)


def _screener(dataset: str | None, view_policy: str | None, as_of: str | None) -> Screener:
    """The loaded lists, one record per entity (or one list's own records), or a
    consolidated view of the joint list."""
    if view_policy is None:
        return store_screener(context.store(), dataset,
                              cache=context.settings().home / "screening")
    # the joint list's machinery is loaded only when a view is screened (a faster start)
    from coalition.cli.ledger import ledger
    from coalition.ledger.screening_view import screen_view
    return screen_view(ledger(), view_policy, as_of or date.today().isoformat())


def _positions(r: Result) -> str:
    if r.listed_by is None:
        return ""
    text = ", ".join(r.listed_by) or "-"
    return text + (" / " + ", ".join(r.objected_by) if r.objected_by else "")


def _batch(screener: Screener, batch: batch_mod.Batch, workers: int, limit: int,
           threshold: float | None) -> None:
    table = batch.table
    passed = ", ".join(batch.columns.passed) or "none"
    click.echo(f"{table.path} ({table.format}): {batch.columns.describe()}; passed through: "
               f"{passed}", err=True)
    total = table.count()
    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True,
                  disable=not err_console.is_terminal) as bar:
        task = bar.add_task("screening", total=total)
        summary = batch_mod.run(screener, batch, workers=workers, limit=limit,
                                threshold=threshold, progress=lambda n: bar.advance(task, n))
    for error in summary.first_errors:
        click.echo(f"rejected: {error}", err=True)
    rate = summary.queries / summary.seconds if summary.seconds else 0.0
    click.echo(f"{summary.queries:,} queries screened against {len(screener):,} entities in "
               f"{summary.seconds:.1f} s ({rate:,.0f}/s): {summary.matched:,} with a match, "
               f"{summary.errors:,} rejected; results in {batch.output} "
               f"({batch.output_format})", err=True)
