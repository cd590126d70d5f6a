"""The commands answer for real-world entities: `import` leaves the screening index saved,
`screen` gives a resolved person once with every list's record, `--dataset` one list's own
record, `show` the entity whole by any record, each value with its lists."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coalition.cli.demo import sample_root
from coalition.cli.main import cli

UN, US = "un-sc-XQi.001", "us-ofac-sdn-990001"
QUERY = ["screen", "Mohamed Abdalla Saleh al-Garbani", "--dob", "1971-03-14", "--json",
         "--limit", "10"]


def imported(runner: CliRunner) -> None:
    for args in (["un_sample.xml"], ["ofac_sample", "--list-date", "2026-11-01"]):
        r = runner.invoke(cli, ["import", str(sample_root() / args[0]), *args[1:]])
        assert r.exit_code == 0, r.output
        assert "screening index:" in r.output


def rows(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    r = runner.invoke(cli, [*QUERY, *args])
    assert r.exit_code == 0, r.output
    return [json.loads(line) for line in r.stdout.splitlines()]


def test_import_saves_the_index_the_next_screen_reads(runner: CliRunner,
                                                      tmp_path: Path) -> None:
    imported(runner)
    saved = list((tmp_path / "home" / "screening").glob("all.*.npz"))
    assert len(saved) == 1
    before = saved[0].stat().st_mtime_ns
    assert rows(runner)[0]["id"] in {UN, US}
    assert [p.stat().st_mtime_ns for p in (tmp_path / "home" / "screening").glob("all.*")] \
        == [before]  # read, not rebuilt


def test_screen_and_show_answer_for_the_entity(runner: CliRunner) -> None:
    imported(runner)
    found = rows(runner)  # the import linked the two records: one entity already
    r = runner.invoke(cli, ["resolve"])  # a full re-link changes nothing of it
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in rows(runner)] == [x["id"] for x in found]
    ids = [r["id"] for r in found]
    assert ids.count(UN) == 1 and US not in ids
    assert found[0]["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]
    alone = rows(runner, "--dataset", "us-ofac-sdn")
    assert alone[0]["id"] == US and alone[0]["referents"] == ["us-ofac-sdn:990001"]
    assert all(r["datasets"] == ["us-ofac-sdn"] for r in alone)

    r = runner.invoke(cli, ["show", "us-ofac-sdn:990001", "--json"])
    assert r.exit_code == 0, r.output
    shown = json.loads(r.stdout)
    assert shown["id"] == UN and shown["datasets"] == ["un-sc", "us-ofac-sdn"]
    assert shown["referents"] == ["un-sc:XQi.001", "us-ofac-sdn:990001"]
    dob = {row["value"]: sorted(row["datasets"]) for row in shown["provenance"]["birthDate"]}
    assert dob == {"1971-03-14": ["un-sc", "us-ofac-sdn"]}
    assert {s["reference"] for s in shown["statements"]} == {"un-sc:XQi.001",
                                                              "us-ofac-sdn:990001"}
    r = runner.invoke(cli, ["show", UN, "--json"])
    assert json.loads(r.stdout)["id"] == UN  # by the entity id as by any record
