"""`coalition screen`: one name against the loaded lists, or a CSV of queries in batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from coalition.cli import context
from coalition.cli.output import console, emit_json, emit_rows, err_console, want_json
from coalition.errors import UsageError
from coalition.ledger.identity import store_screener
from coalition.screening import Query, Result, Screener
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
              help="Batch: CSV with id,name,schema,birth_date,nationality[,passport,id_number].")
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Batch: JSON lines file to write, one line per query.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Batch: processes screening in parallel.")
def screen(name: str | None, dob: str | None, countries: tuple[str, ...], schema: str | None,
           gender: str | None, passport: str | None, id_number: str | None, limit: int,
           threshold: float | None, explain: bool, dataset: str | None,
           view_policy: str | None, as_of: str | None, as_json: bool,
           input_path: Path | None, output_path: Path | None, workers: int) -> None:
    """Screen NAME (or a CSV of queries with --input) against the lists in the store, or
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
            raise UsageError("--input needs --output, the JSON lines file to write")
        _batch(_screener(dataset, view_policy, as_of), input_path, output_path, workers,
               limit, threshold)
        return
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


def _batch(screener: Screener, source: Path, output: Path, workers: int, limit: int,
           threshold: float | None) -> None:
    total = sum(1 for _ in batch_mod.read_rows(source))
    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("screening", total=total)
        summary = batch_mod.run(screener, source, output, workers=workers, limit=limit,
                                threshold=threshold,
                                progress=lambda n: bar.advance(task, n))
    click.echo(f"{summary.queries:,} queries screened against {len(screener):,} entities: "
               f"{summary.matched:,} with a match, {summary.errors:,} rejected; "
               f"results in {output}", err=True)
