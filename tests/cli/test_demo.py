"""`make run`'s main job: the samples load, and each sample query finds what it should."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from coalition.cli import context
from coalition.cli.demo import sample_root
from coalition.cli.main import cli
from coalition.screening import Screener
from coalition.screening.batch import build_query, query_id
from coalition.screening.batch_columns import resolve
from coalition.screening.batch_read import open_table


def test_demo_loads_samples_and_screens(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["demo"])
    assert r.exit_code == 0, r.output
    assert "un-sc: 43 records" in r.stdout and "us-ofac-sdn: 34 records" in r.stdout
    again = runner.invoke(cli, ["demo"])
    assert again.exit_code == 0 and "already loaded" in again.stdout

    screener = Screener.from_store(context.store())
    root = sample_root()
    with (root / "queries_expected.csv").open(encoding="utf-8") as fh:
        expected = {row["id"]: row["expected"] for row in csv.DictReader(fh)}
    table = open_table(root / "queries.csv")
    columns = resolve(table.header, {}, where=str(table.path))
    for row in table.rows():
        qid = query_id(row, columns)
        query = build_query(row, columns, qid)
        results = screener.match(query, limit=3)
        matched = {ref for res in results if res.match for ref in res.referents}
        want = {ref for ref in expected[qid].split("|") if ref}
        if want:
            assert want & matched, (query.names, matched)
        else:
            assert not matched, (query.names, matched)
