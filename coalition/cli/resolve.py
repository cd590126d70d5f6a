"""`coalition resolve`: link the records of different lists that name the same entity, and
the judgements of members on such links. A few lines over coalition.ledger."""

from __future__ import annotations

import click

from coalition.cli import context
from coalition.cli.output import emit_json, emit_rows, err_console, want_json
from coalition.ledger import Ledger
from coalition.ledger.links import Resolution, Verdict
from coalition.ledger.resolve import DERIVED, resolve_cache
from coalition.ledger.resolve import resolve as derive_links


@click.group("resolve", invoke_without_command=True)
@click.option("--dry-run", is_flag=True, help="Count what would be linked; record nothing.")
@click.option("--method", "methods", multiple=True, type=click.Choice(DERIVED),
              help="Only these methods (repeat; default: all).")
@click.pass_context
def resolve(ctx: click.Context, dry_run: bool, methods: tuple[str, ...]) -> None:
    """Link records of different lists that name the same entity: shared UN references,
    passport / identity / IMO numbers with compatible names, organisations' exact names, and
    persons' names with birth dates through the screening engine. Consolidation then counts
    each entity once, for every member that lists any of its records. `coalition import`
    links each new edition by itself; this re-links every list (a full run)."""
    if ctx.invoked_subcommand:
        return

    def progress(done: int, total: int) -> None:
        err_console.print(f"name and birth date: {done:,} of {total:,} persons screened",
                          highlight=False)

    report = derive_links(context.store(), methods or DERIVED, dry_run=dry_run,
                          progress=progress,
                          cache=resolve_cache(context.settings().home / "keys"))
    emit_json(report.to_dict())
    if not dry_run and report.recorded:
        from coalition.cli.imports import build_index
        build_index()  # the entities changed: the next screen finds their index ready


@resolve.command("judge")
@click.argument("left")
@click.argument("right")
@click.option("--verdict", type=click.Choice([v.value for v in Verdict]), default="same",
              show_default=True, help="`different` denies a link, `retracted` withdraws it.")
@click.option("--basis", required=True, help="Why, in words.")
@click.option("--member", "member_id", required=True, help="The member judging.")
@click.option("--confidence", type=float, default=1.0, show_default=True)
def judge(left: str, right: str, verdict: str, basis: str, member_id: str,
          confidence: float) -> None:
    """A member's judgement on two records (replaces the judgement held before)."""
    j = Resolution(context.store().engine).judge(left, right, verdict, basis=basis,
                                                  author=member_id, confidence=confidence)
    emit_json(j.to_dict())
    from coalition.cli.imports import build_index
    build_index()


@resolve.command("show")
@click.argument("entity_id")
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
def show(entity_id: str, as_json: bool) -> None:
    """The records resolved with an entity, and every judgement that names it."""
    store = context.store()
    clusters = Ledger(store, context.settings().home / "keys").clusters()
    emit_json({"entity_id": clusters.of(entity_id), "referents": clusters.referents(entity_id)})
    rows = [j.to_dict() for j in Resolution(store.engine).history(entity_id)]
    emit_rows(rows, ["id", "left", "right", "verdict", "method", "confidence", "author",
                     "basis"], as_json=want_json(as_json))
