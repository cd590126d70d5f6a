"""`coalition monitor …` end to end through click's runner on a file-backed store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from coalition.cli.main import cli
from tests.monitor.conftest import GLUED


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_monitor_commands(runner: CliRunner, tmp_path: Path) -> None:
    news = tmp_path / "news.txt"
    news.write_text(GLUED)
    (tmp_path / "bad.bin").write_bytes(b"\x00\x01\x02" * 10)
    r = runner.invoke(cli, ["monitor", "watch", "ministry-a", "ISIL"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["monitor", "ingest", str(news), str(tmp_path / "bad.bin"), "--json"])
    assert r.exit_code == 0, r.output
    [report] = lines(r.stdout)
    assert report["articles"] == 2 and len(report["problems"]) == 1
    assert "bad.bin" in r.stderr and "binary" in r.stderr
    r = runner.invoke(cli, ["monitor", "events", "--kind", "met", "--json"])
    assert {e["summary"] for e in lines(r.stdout)} >= {
        "Elena Varga met Tomas Brandt in Novograd"}
    r = runner.invoke(cli, ["monitor", "timeline", "Elena Varga", "--json"])
    assert r.exit_code == 1 and "no linked mention" in r.output  # a candidate, not linked yet
    r = runner.invoke(cli, ["monitor", "candidates", "--json"])
    assert "Elena Varga" in {c["name"] for c in lines(r.stdout)}
    r = runner.invoke(cli, ["monitor", "confirm", "Elena Varga"])
    assert r.exit_code == 0 and "analyst-elena-varga" in r.output
    r = runner.invoke(cli, ["monitor", "reject", "Example Agency"])
    assert r.exit_code == 0
    r = runner.invoke(cli, ["monitor", "timeline", "Elena Varga", "--json"])
    assert r.exit_code == 0, r.output
    assert [row["kind"] for row in lines(r.stdout)][0] == "mentioned"
    r = runner.invoke(cli, ["monitor", "alerts", "--json"])
    [alert] = lines(r.stdout)
    assert alert["member"] == "ministry-a"
    assert alert["story"] == "Border Talks Resume After Long Pause"
    out = tmp_path / "net.graphml"
    r = runner.invoke(cli, ["monitor", "network", "--graphml", str(out)])
    assert r.exit_code == 0, r.output
    root = etree.parse(str(out)).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    assert {"mon-al-qaida", "analyst-elena-varga", "mon-isil"} <= nodes
    assert root.findall(".//g:edge", ns)
    r = runner.invoke(cli, ["monitor", "ingest", str(tmp_path / "missing.txt")])
    assert r.exit_code == 1 and "no such file" in r.output


def test_alerts_go_out_as_warnings_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    news = tmp_path / "news.txt"
    news.write_text(GLUED)
    for member in ("ops", "fiu-b"):
        r = runner.invoke(cli, ["member", "add", member, "--name", f"Service {member}"])
        assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["exchange", "user", "add", "ops", "news monitor"])
    [bot] = lines(r.stdout)
    r = runner.invoke(cli, ["exchange", "user", "add", "fiu-b", "analyst"])
    [analyst] = lines(r.stdout)
    r = runner.invoke(cli, ["monitor", "watch", "fiu-b", "ISIL", "--tlp", "red"])
    assert r.exit_code != 0 and "AMBER+STRICT" in r.output
    r = runner.invoke(cli, ["monitor", "watch", "fiu-b", "ISIL", "--tlp", "green"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["monitor", "ingest", str(news), "--no-nlp", "--json"])
    assert lines(r.stdout)[0]["warnings"] == 0  # no token: the alert waits in the monitor
    r = runner.invoke(cli, ["monitor", "deliver"], env={"COALITION_TOKEN": bot["token"]})
    assert r.exit_code == 0 and "1 warnings sent for 1 alerts" in r.output, r.output
    r = runner.invoke(cli, ["monitor", "deliver", "--token", bot["token"]])
    assert "0 warnings sent" in r.output
    r = runner.invoke(cli, ["exchange", "warnings", "--json", "--token", analyst["token"]])
    [warning] = lines(r.stdout)
    assert warning["tlp"] == "GREEN" and warning["originator"] == "ops"
    assert "Border Talks Resume After Long Pause" in warning["title"]
    r = runner.invoke(cli, ["monitor", "alerts", "--json"])
    assert [a["warning_id"] for a in lines(r.stdout)] == [warning["id"]]
