"""Screening against a consolidated view of the joint list: only the entities on the view are
found, and each hit says which members list it and which object, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from coalition.cli.output import console
from coalition.errors import UsageError
from coalition.ledger import Draft, Ledger, Position
from coalition.ledger.screening_view import screen_view
from coalition.screening import Query
from tests.ledger.test_cli import lines, run  # noqa: F401  (the CLI fixture)
from tests.ledger.test_scenario import D2, D3, PDU, play

CH, NLF = "ftm-demo-crimson-hand", "ftm-demo-nlf"
SAIF = "coalition-person-saif"
SAIF_FTM = {"id": SAIF, "schema": "Person",
            "properties": {"name": ["Saif Abdullah Karimov"], "birthDate": ["1979-03-14"]}}


def small_coalition(ledger: Ledger) -> None:
    """ru lists the NLF and fr objects; fr and de list the Crimson Hand; ru lists a person
    submitted with its statement."""
    L, OB = Position.LISTED, Position.OBJECTS
    ledger.record(
        Draft("fr", CH, L, "L562-2", "2014-02-01"),
        Draft("de", CH, L, "AWG §4", "2014-03-01"),
        Draft("ru", NLF, L, "Federal Law 35-FZ", "2015-06-01"),
        Draft("fr", NLF, OB, "Political party with elected members", "2015-07-15"),
        Draft("ru", SAIF, L, "Federal Law 35-FZ", "2015-08-01", new_entity=SAIF_FTM),
    )


def hits(ledger: Ledger, policy: str, as_of: str, name: str) -> dict[str, object]:
    screener = screen_view(ledger, policy, as_of)
    return {r.id: r for r in screener.match(Query.build(name), limit=10) if r.match}


def test_any_view_shows_who_lists_and_who_objects(ledger: Ledger) -> None:
    small_coalition(ledger)
    found = hits(ledger, "any", "2015-11-16", "Northern Liberation Front")
    assert NLF in found
    nlf = found[NLF]
    assert nlf.listed_by == ["ru"] and nlf.objected_by == ["fr"]
    data = nlf.to_dict()
    assert data["listed_by"] == ["ru"] and data["objected_by"] == ["fr"]
    ch = hits(ledger, "any", "2015-11-16", "Crimson Hand Brigade")[CH]
    assert ch.listed_by == ["de", "fr"] and ch.objected_by == []


def test_entity_submitted_with_a_statement_is_screened(ledger: Ledger) -> None:
    small_coalition(ledger)
    screener = screen_view(ledger, "any", "2015-11-16")
    top = screener.match(Query.build("Saif Karimov", birth_date="1979-03-14"))[0]
    assert top.id == SAIF and top.match and top.listed_by == ["ru"]
    assert top.datasets == ["coalition-ledger"]


def test_quorum_and_as_of_leave_the_entity_out(ledger: Ledger) -> None:
    small_coalition(ledger)
    assert NLF not in hits(ledger, "quorum:2", "2015-11-16", "Northern Liberation Front")
    assert CH in hits(ledger, "quorum:2", "2015-11-16", "Crimson Hand Brigade")
    assert NLF not in hits(ledger, "any", "2015-05-31", "Northern Liberation Front")
    assert len(screen_view(ledger, "any", "2015-05-31")) == 1  # only the Crimson Hand
    assert len(screen_view(ledger, "any", "2015-11-16")) == 3


def test_scenario_delisting_shows_in_the_hits(ledger: Ledger) -> None:
    play(ledger)
    at2 = hits(ledger, "any", D2, "People's Defence Union")[PDU]
    assert at2.listed_by == ["de", "fr"]
    at3 = hits(ledger, "any", D3, "People's Defence Union")[PDU]
    assert at3.listed_by == ["fr"]  # de delisted on 2016-03-01
    assert PDU not in hits(ledger, "quorum:2", D3, "People's Defence Union")


def test_plain_results_keep_their_json_contract(ledger: Ledger) -> None:
    from coalition.screening import Screener
    result = Screener.from_store(ledger.store).match(Query.build("Crimson Hand Brigade"))[0]
    assert "listed_by" not in result.to_dict() and "objected_by" not in result.to_dict()


def test_bad_policy_is_a_usage_error(ledger: Ledger) -> None:
    with pytest.raises(UsageError, match="unknown policy"):
        screen_view(ledger, "most", "2015-11-16")


def test_cli_screen_with_a_view(run, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    run("member", "add", "fr", "--name", "France", "--country", "FR")
    run("member", "add", "ru", "--name", "Russian Federation", "--country", "Russia")
    run("statement", "add", "--member", "ru", "--entity", NLF, "--position", "listed",
        "--basis", "Federal Law 35-FZ", "--effective", "2015-06-01")
    run("statement", "add", "--member", "fr", "--entity", NLF, "--position", "objects",
        "--basis", "No violent acts", "--effective", "2015-07-01")
    out = lines(run("screen", "Northern Liberation Front", "--view", "any", "--as-of",
                    "2015-11-16", "--json"))
    assert out[0]["id"] == NLF and out[0]["listed_by"] == ["ru"]
    assert out[0]["objected_by"] == ["fr"]
    out = lines(run("screen", "Northern Liberation Front", "--view", "quorum:2", "--as-of",
                    "2015-11-16", "--json"))
    assert NLF not in {r["id"] for r in out}
    monkeypatch.setattr("coalition.cli.screen.want_json", lambda flag: flag)  # a table
    monkeypatch.setattr(console, "width", 200)
    table = run("screen", "Northern Liberation Front", "--view", "any", "--as-of",
                "2015-11-16")
    assert "listed by / objected by" in table and "ru / fr" in table
    assert "listed_by" not in lines(run("screen", "Northern Liberation Front", "--json"))[0]
    err = run("screen", "Northern Liberation Front", "--view", "any", "--dataset", "ftm-demo",
              code=2)
    assert "not both" in err
    assert "--as-of needs --view" in run("screen", "NLF", "--as-of", "2015-11-16", code=2)
    queries = tmp_path / "queries.csv"
    queries.write_text("id,name,schema,birth_date,nationality\nq1,Northern Liberation Front,"
                       "Organization,,\n", encoding="utf-8")
    results = tmp_path / "results.jsonl"
    run("screen", "--input", str(queries), "--output", str(results), "--view", "any",
        "--as-of", "2015-11-16")
    line = json.loads(results.read_text(encoding="utf-8").splitlines()[0])
    assert line["results"][0]["listed_by"] == ["ru"]
