"""`coalition screen` through click's runner, on a store filled by the test (SQLite and
PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from coalition.cli import context
from coalition.cli.main import cli
from coalition.model import Entity
from coalition.store import DatasetInfo, Store


@pytest.fixture
def filled(store: Store, listed: list[Entity], monkeypatch: pytest.MonkeyPatch,
           tmp_path: Path) -> Iterator[Store]:
    monkeypatch.setenv("COALITION_HOME", str(tmp_path / "home"))
    context.settings.cache_clear()
    store.write_edition(DatasetInfo("ftm-test", "Test list"), list_date="2026-01-01",
                        content_hash="h1", format="ftm", source=None, entities=listed)
    monkeypatch.setattr(context, "store", lambda: store)
    yield store
    context.settings.cache_clear()


def test_screen_one_name_json(filled: Store) -> None:
    r = CliRunner().invoke(cli, ["screen", "Aiman al-Zawahry", "--dob", "1951", "--json",
                                 "--explain", "--limit", "2"])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["id"] == "p-zaw" and rows[0]["match"] is True
    assert rows[0]["referents"] == ["ftm-test:p-zaw"]
    assert set(rows[0]["explanations"]) >= {"name_match", "dob_match"}
    assert len(rows) <= 2


def test_screen_table_with_explanations(filled: Store) -> None:
    r = CliRunner().invoke(cli, ["screen", "Ayman al-Zawahiri", "--explain"],
                           env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "name_match" in r.stdout


def test_screen_one_dataset_and_schema(filled: Store) -> None:
    r = CliRunner().invoke(cli, ["screen", "Argument", "--schema", "Person", "--json",
                                 "--dataset", "ftm-test"])
    assert r.exit_code == 0, r.output
    assert all(json.loads(line)["schema"] == "Person" for line in r.stdout.splitlines())
    r = CliRunner().invoke(cli, ["screen", "Argument", "--dataset", "un-sc"])
    assert r.exit_code == 1 and "no list 'un-sc'" in r.output


@pytest.mark.parametrize(("args", "message"), [
    ([], "give a NAME"),
    (["Ivan\x01"], "control character"),
    (["x" * 10_000], "over the limit"),
    (["Ivan", "--dob", "1800-01-01"], "outside"),
    (["--input", "q.csv"], "--output"),
])
def test_screen_bad_input_is_a_usage_error(filled: Store, args: list[str], message: str) -> None:
    r = CliRunner().invoke(cli, ["screen", *args])
    assert r.exit_code == 2 and message in r.output, r.output


def test_batch(filled: Store, tmp_path: Path) -> None:
    source = tmp_path / "queries.csv"
    source.write_text(
        "id,name,schema,birth_date,nationality,passport\n"
        "q1,Ayman al-Zawahiri|أيمن الظواهري,Person,1951-06-19,eg,\n"
        "q2,Argument OOO,,,,\n"
        "q3,,Person,,,\n"
        "q4,Pyotr Nobody,Person,3000,,\n"
        "q5,Totally Unknown Name,,,,\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    for workers in ("1", "2"):
        r = CliRunner().invoke(cli, ["screen", "--input", str(source), "--output", str(out),
                                     "--workers", workers])
        assert r.exit_code == 0, r.output
        assert "5 queries screened" in r.output and "2 rejected" in r.output
        lines = [json.loads(line) for line in out.read_text().splitlines()]
        assert [line["query_id"] for line in lines] == ["q1", "q2", "q3", "q4", "q5"]
        assert lines[0]["results"][0]["id"] == "p-zaw" and lines[0]["results"][0]["match"]
        assert set(lines[0]["results"][0]) == {"id", "caption", "schema", "score", "match",
                                               "referents", "datasets", "explanations"}
        assert lines[1]["results"][0]["id"] == "o-arg"
        assert all("input" not in line for line in lines)  # no column beyond the contract
        assert "line 4" in lines[2]["error"] and "name" in lines[2]["error"]
        assert "outside" in lines[3]["error"]
        assert not any(r["match"] for r in lines[4]["results"])


def test_batch_wrong_header(filled: Store, tmp_path: Path) -> None:
    source = tmp_path / "queries.csv"
    source.write_text("ident,customer\n1,Ivan\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["screen", "--input", str(source), "--output",
                                 str(tmp_path / "o.jsonl")])
    assert r.exit_code == 1 and "no name column among 'ident', 'customer'" in r.output
    assert str(source) in r.output and not (tmp_path / "o.jsonl").exists()


def test_batch_customer_file_to_excel(filled: Store, tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    source.write_text("Client ID;Full Name;Date of Birth;Country;Branch\n"
                      "k1;Ayman al-Zawahiri;1951-06-19;Egypt;Cairo\n"
                      "k2;Ivan Nobody;1980-02-30;;Riga\n", encoding="utf-8")
    out = tmp_path / "results.xlsx"
    r = CliRunner().invoke(cli, ["screen", "--input", str(source), "--output", str(out),
                                 "--workers", "2"])
    assert r.exit_code == 0, r.output
    assert "name <- 'Full Name', birth_date <- 'Date of Birth'" in r.output
    assert "passed through: Branch" in r.output
    assert "2 queries screened" in r.output and "1 with a match, 1 rejected" in r.output
    assert f"rejected: {source}:line 3: column 'Date of Birth' (birth_date)" in r.output
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["Client ID", "Full Name", "Date of Birth", "Country", "Branch"]
    first = dict(zip(header, rows[1], strict=True))
    assert (first["Branch"], first["query_id"], first["best_id"]) == ("Cairo", "k1", "p-zaw")


@pytest.mark.parametrize(("args", "message"), [
    (["--columns", "name=Nom"], "no column 'Nom'"),
    (["--columns", "nom=Name"], "FIELD one of"),
    (["--format", "pdf"], "'pdf' is not one of"),
    (["--encoding", "klingon"], "unknown encoding"),
])
def test_batch_bad_options(filled: Store, tmp_path: Path, args: list[str],
                           message: str) -> None:
    source = tmp_path / "q.csv"
    source.write_text("id,Name\n1,Ivan\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["screen", "--input", str(source), "--output",
                                 str(tmp_path / "o.jsonl"), *args])
    assert r.exit_code == 2 and message in r.output, r.output


def test_batch_options_need_input(filled: Store) -> None:
    r = CliRunner().invoke(cli, ["screen", "Ivan", "--columns", "name=Full Name"])
    assert r.exit_code == 2 and "go with --input" in r.output


def test_batch_unreadable_file(filled: Store, tmp_path: Path) -> None:
    source = tmp_path / "q.xlsx"
    source.write_text("id,name\n1,Ivan\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["screen", "--input", str(source), "--output",
                                 str(tmp_path / "o.jsonl")])
    assert r.exit_code == 1 and "named as an Excel workbook but it is not one" in r.output
