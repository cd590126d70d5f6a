"""`make run`'s main job: the samples load, and each sample query finds what it should."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from coalition.cli import context
from coalition.cli.demo import sample_root
from coalition.cli.main import cli
from coalition.screening import Screener
from coalition.screening.batch import read_rows, to_query


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
    for line, row in read_rows(root / "queries.csv"):
        results = screener.match(to_query(line, row), limit=3)
        matched = {ref for res in results if res.match for ref in res.referents}
        want = {ref for ref in expected[row["id"]].split("|") if ref}
        if want:
            assert want & matched, (row["name"], matched)
        else:
            assert not matched, (row["name"], matched)
