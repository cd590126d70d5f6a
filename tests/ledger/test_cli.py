"""The joint list's commands, end to end on a file-backed SQLite store in tmp_path."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from coalition.cli import context
from coalition.cli.main import cli
from tests.ledger.conftest import write_groups

CH, NLF = "ftm-demo-crimson-hand", "ftm-demo-nlf"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:  # type: ignore[type-arg]
    monkeypatch.setenv("COALITION_HOME", str(tmp_path))
    monkeypatch.delenv("COALITION_DB", raising=False)
    context.settings.cache_clear()
    context.store.cache_clear()
    write_groups(context.store())
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args))
        assert result.exit_code == code, result.output
        return result.output

    yield invoke
    context.store().close()
    context.store.cache_clear()
    context.settings.cache_clear()


def lines(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in text.splitlines() if x.startswith("{")]


def test_members_statements_consolidation_and_log(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("member", "add", "fr", "--name", "France", "--country", "FR", "--kind",
        "foreign-ministry")
    run("member", "add", "ru", "--name", "Russian Federation", "--country", "Russia")
    assert (tmp_path / "keys" / "fr.pem").exists()
    assert [m["id"] for m in lines(run("member", "list", "--json"))] == ["fr", "ru"]
    evidence = tmp_path / "dossier.pdf"
    evidence.write_bytes(b"%PDF-1.4 fictional dossier")
    run("statement", "add", "--member", "ru", "--entity", NLF, "--position", "listed",
        "--basis", "Federal Law 35-FZ", "--effective", "2015-06-01", "--evidence",
        str(evidence))
    sid = lines(run("statement", "add", "--member", "fr", "--entity", NLF, "--position",
                    "objects", "--basis", "No violent acts", "--effective", "2015-07-01"))[0]["id"]
    run("statement", "add", "--member", "fr", "--entity", CH, "--position", "listed",
        "--basis", "L562-2", "--effective", "2014-01-01")
    out = lines(run("consolidated", "--policy", "any", "--as-of", "2015-11-16"))
    assert {e["entity_id"]: e["listed_by"] for e in out} == {CH: ["fr"], NLF: ["ru"]}
    assert out[1]["objected_by"] == ["fr"] and out[1]["caption"] == "Northern Liberation Front"
    table = list(csv.DictReader(io.StringIO(run("consolidated", "--policy", "members:fr",
                                                "--as-of", "2015-11-16", "--format", "csv"))))
    assert [(r["entity_id"], r["basis"]) for r in table] == [(CH, "fr: L562-2")]
    ftm = lines(run("consolidated", "--policy", "quorum:1", "--as-of", "2015-11-16",
                    "--format", "ftm"))
    assert {e["schema"] for e in ftm} == {"Organization", "Sanction"}
    assert [d["entity_id"] for d in lines(run("disagreements", "--as-of", "2015-11-16",
                                              "--json"))] == [NLF]
    changes = lines(run("consolidated", "--diff", "2014-06-01", "2015-11-16"))
    assert [(c["change"], c["entity_id"]) for c in changes] == [("added", NLF)]
    assert lines(run("log", "prove", sid))[0]["verified"] is True
    assert lines(run("log", "prove", "--from", "1"))[0]["verified"] is True
    assert lines(run("log", "head"))[0]["tree_size"] == 3
    assert "all verified" in run("log", "verify")
    with context.store().engine.begin() as conn:
        conn.execute(sa.text("update ledger_statements set legal_basis = 'changed' "
                             "where id = :i"), {"i": sid})
    out = run("log", "verify", code=1)
    assert sid in out and "disagrees with the signed payload" in out


def test_bad_input_gives_one_line_errors(run) -> None:  # type: ignore[no-untyped-def]
    run("member", "add", "fr", "--name", "France")
    out = run("statement", "add", "--member", "fr", "--entity", "nobody-1", "--position",
              "listed", "--basis", "x", code=1)
    assert "Error:" in out and "unknown entity 'nobody-1'" in out
    out = run("consolidated", "--policy", "most", code=2)
    assert "unknown policy 'most'" in out
    out = run("statement", "add", "--member", "xx", "--entity", CH, "--position", "listed",
              "--basis", "x", code=2)
    assert "no signing key for 'xx'" in out


def test_rotate_key_and_resolve_commands(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from coalition.model import Entity
    from coalition.store import DatasetInfo

    run("member", "add", "fr", "--name", "France", "--country", "FR")
    run("member", "add", "de", "--name", "Germany", "--country", "DE")
    run("statement", "add", "--member", "fr", "--entity", CH, "--position", "listed",
        "--basis", "L562-2", "--effective", "2014-01-01")
    rotated = lines(run("member", "rotate-key", "fr", "--reason", "yearly"))[0]
    assert rotated["member"] == "fr" and (tmp_path / "keys" / "fr.retired-1.pem").exists()
    run("statement", "add", "--member", "fr", "--entity", NLF, "--position", "listed",
        "--basis", "L562-2", "--effective", "2015-01-01")
    assert "all verified" in run("log", "verify")
    keys = lines(run("member", "show", "fr"))[0]["keys"]
    assert [k["from_seq"] for k in keys] == [1, 3] and keys[1]["statement"] == rotated["id"]
    run("member", "rotate-key", "de", "--by", "fr", "--reason", "lost", code=1)
    run("member", "grant-admin", "fr")
    run("member", "rotate-key", "de", "--by", "fr", "--reason", "lost")

    other = Entity("Organization", "ftm-other-ch", dataset="ftm-other",
                   reference="ftm-other:ch")
    other.add("name", "Crimson Hand Brigade")
    context.store().write_edition(DatasetInfo("ftm-other", "Other"), list_date="2014-01-01",
                                  content_hash="other-1", format="ftm", source=None,
                                  entities=[other])
    run("statement", "add", "--member", "de", "--entity", "ftm-other-ch", "--position",
        "listed", "--basis", "BMI ban", "--effective", "2016-01-01")
    assert lines(run("consolidated", "--policy", "quorum:2")) == []
    dry = lines(run("resolve", "--dry-run", "--method", "org-name"))[0]
    assert dry["new"] == {"org-name": 1} and dry["recorded"] == 0
    assert lines(run("resolve", "--method", "org-name"))[0]["recorded"] == 1
    entry, = lines(run("consolidated", "--policy", "quorum:2"))
    assert entry["referents"] == [CH, "ftm-other-ch"]
    assert entry["listed_by"] == ["de", "fr"] and entry["since"] == "2016-01-01"
    assert lines(run("consolidated", "--policy", "quorum:2", "--unresolved")) == []
    run("resolve", "judge", CH, "ftm-other-ch", "--verdict", "different", "--basis",
        "another group of that name", "--member", "fr")
    assert lines(run("consolidated", "--policy", "quorum:2")) == []
    shown = run("resolve", "show", CH, "--json")
    assert [x["verdict"] for x in lines(shown)[1:]] == ["same", "different"]
    run("resolve", "judge", CH, CH, "--basis", "x", "--member", "fr", code=2)
