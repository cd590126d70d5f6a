"""The commands end to end on a file-backed store, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from coalition.cli.main import COMMANDS, cli, load_command


def ftm_file(path: Path, names: list[str]) -> Path:
    rows = [{"id": f"ex-{i}", "schema": "Person", "properties": {"name": [n]}}
            for i, n in enumerate(names)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_import_lists_show_diff_export(runner: CliRunner, tmp_path: Path) -> None:
    first = ftm_file(tmp_path / "demo.jsonl", ["Abu Example", "Ivan Primerov"])
    r = runner.invoke(cli, ["import", str(first), "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout.splitlines()[0])
    assert summary["dataset"] == "ftm-demo" and summary["records"] == 2
    assert summary["added"] == 2 and summary["unchanged"] is False

    r = runner.invoke(cli, ["import", str(first), "--json"])
    assert json.loads(r.stdout.splitlines()[0])["unchanged"] is True

    (tmp_path / "v2").mkdir()
    second = tmp_path / "v2" / "demo.jsonl"
    second.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "ex-0", "schema": "Person", "properties": {"name": ["Abu Example", "Abu Ex"]}},
        {"id": "ex-2", "schema": "Person", "properties": {"name": ["Third Person"]}},
    ]))
    r = runner.invoke(cli, ["import", str(second), "--dataset", "demo", "--json"])
    assert r.exit_code == 0, r.output

    r = runner.invoke(cli, ["lists", "--json"])
    (row,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert row["dataset"] == "ftm-demo" and row["records"] == 2 and row["editions"] == 2

    r = runner.invoke(cli, ["diff", "ftm-demo", "--summary", "--json"])
    head = json.loads(r.stdout)
    assert (head["added"], head["changed"], head["removed"]) == (1, 1, 1)

    r = runner.invoke(cli, ["show", "ftm-demo:ex-0", "--json"])
    shown = json.loads(r.stdout)
    assert sorted(shown["properties"]["name"]) == ["Abu Ex", "Abu Example"]
    assert all(s["reference"] == "ftm-demo:ex-0" for s in shown["statements"])

    r = runner.invoke(cli, ["export", "--format", "ftm"])
    exported = [json.loads(line) for line in r.stdout.splitlines()]
    assert sorted(e["id"] for e in exported) == ["ex-0", "ex-2"]
    assert {"datasets", "referents", "first_seen", "last_seen"} <= set(exported[0])


def test_bad_file_is_one_line_and_nonzero(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "schema": "Person", "properties": {}}\n{oops\n')
    r = runner.invoke(cli, ["import", str(bad), "--format", "ftm"])
    assert r.exit_code == 1
    assert r.stderr.strip().splitlines()[-1].startswith(f"Error: {bad}:line 2")
    r = runner.invoke(cli, ["lists", "--json"])
    assert r.stdout == ""


def test_unrecognised_and_missing_files(runner: CliRunner, tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_text("just some text\n")
    r = runner.invoke(cli, ["import", str(odd)])
    assert r.exit_code == 1 and "no importer recognises this content" in r.stderr
    r = runner.invoke(cli, ["import", str(tmp_path / "nope.xml")])
    assert r.exit_code == 2 and "no such file" in r.stderr
    r = runner.invoke(cli, ["import", str(odd), "--format", "nonsense"])
    assert r.exit_code == 2


def test_show_unknown_reference(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["show", "un-sc:QDi.999"])
    assert r.exit_code == 1 and "no entity or source record 'un-sc:QDi.999'" in r.stderr


def test_formats_lists_the_ftm_importer(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["formats", "--json"])
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {"format": "ftm", "dataset": "ftm-<name>"}.items() <= next(
        row for row in rows if row["format"] == "ftm").items()


def test_list_date_sets_the_edition_date(runner: CliRunner, tmp_path: Path) -> None:
    path = ftm_file(tmp_path / "nodate.jsonl", ["Abu Example"])
    r = runner.invoke(cli, ["import", str(path), "--list-date", "2025-03-01", "--json"])
    assert json.loads(r.stdout.splitlines()[0])["list_date"] == "2025-03-01"
    r = runner.invoke(cli, ["import", str(path), "--list-date", "March 2025"])
    assert r.exit_code == 2 and "--list-date" in r.stderr


def test_each_lazily_loaded_command_has_the_name_it_is_listed_under() -> None:
    for name in COMMANDS:
        command = load_command(name)
        assert isinstance(command, click.Command) and command.name == name


def test_unknown_command_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output
