"""`coalition demo`: the main job of `make run` on the embedded default.

Loads the bundled sample lists (fictional, in the UN XML and OFAC CSV layouts) into the store
in COALITION_HOME — which also seeds the joint list with each publisher's statements — then
screens the sample queries against them and prints the ranked hits.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from coalition.cli import context
from coalition.cli.output import console, emit_rows
from coalition.ledger.identity import store_screener
from coalition.screening.batch import build_query, query_id
from coalition.screening.batch_columns import resolve
from coalition.screening.batch_read import open_table
from coalition.sources.pipeline import import_path

# The sample files carry no date of their own for OFAC; fix one so runs are reproducible.
SAMPLES = (("un_sample.xml", None), ("ofac_sample", "2026-11-01"))


def sample_root() -> Path:
    return Path(str(resources.files("coalition.samples")))


@click.command("demo")
@click.option("--limit", default=3, show_default=True, help="Hits shown per query.")
def demo(limit: int) -> None:
    """Load the bundled sample lists and screen the sample names (what `make run` does)."""
    store = context.store()
    console.print(f"[bold]Store:[/] {store.url}")
    root = sample_root()
    for name, list_date in SAMPLES:
        outcome = import_path(store, root / name, list_date=list_date)
        state = "already loaded" if outcome.result.unchanged else "loaded"
        console.print(f"{outcome.report.dataset}: {outcome.report.records} records from {name} "
                      f"({state}; {outcome.report.unknown_total} items not understood)")
    screener = store_screener(store)
    rows = []
    table = open_table(root / "queries.csv")
    columns = resolve(table.header, {}, where=str(table.path))
    for row in table.rows():
        query = build_query(row, columns, query_id(row, columns))
        shown = " | ".join(query.names)
        results = screener.match(query, limit=limit)
        if not results:
            rows.append({"query": shown, "score": "", "match": "", "hit": "(no candidate)"})
        for i, r in enumerate(results):
            rows.append({
                "query": shown if i == 0 else "",
                "score": f"{r.score:.3f}", "match": "yes" if r.match else "",
                "hit": r.caption, "sources": ", ".join(r.referents),
            })
    emit_rows(rows, ["query", "score", "match", "hit", "sources"], as_json=False,
              title=f"Sample queries screened against {len(screener):,} listed entities")
