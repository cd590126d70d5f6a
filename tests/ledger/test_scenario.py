"""A small coalition plays through two years: agreement, a disagreement, an end date, a
correction (supersession) and a delisting; the consolidated list is checked under every policy
at three dates, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from coalition.ledger import Draft, Ledger, Position

CH, NLF, PDU = "ftm-demo-crimson-hand", "ftm-demo-nlf", "coalition-pdu-1"
PDU_FTM = {"id": PDU, "schema": "Organization",
           "properties": {"name": ["People's Defence Union"], "country": ["xx"]}}
D1, D2, D3 = "2014-06-01", "2015-11-16", "2016-06-01"


def play(ledger: Ledger) -> dict[str, str]:
    L, OB, A, N = Position.LISTED, Position.OBJECTS, Position.ABSTAINS, Position.NOT_LISTED
    ids = {}
    ledger.record(
        Draft("unsc", CH, L, "UNSCR 2170 (2014)", "2014-01-10", reasons="Armed attacks"),
        Draft("fr", CH, L, "Code monétaire et financier L562-2", "2014-02-01"),
        Draft("de", CH, L, "AWG §4", "2014-03-01"),
        Draft("ru", CH, L, "Federal Law 115-FZ", "2014-03-15"),
        Draft("tr", CH, L, "Law 6415", "2014-04-01", until="2016-01-31"),
    )
    # The French listing of the PDU is first recorded with a wrong date, then corrected.
    ids["pdu-wrong"], = ledger.record(Draft("fr", PDU, L, "L562-2", "2013-05-01",
                                            new_entity=PDU_FTM))
    ids["pdu-fixed"], = ledger.record(Draft("fr", PDU, L, "L562-2", "2015-05-01",
                                            supersedes=ids["pdu-wrong"],
                                            reasons="correction of the effective date"))
    ledger.record(
        Draft("ru", NLF, L, "Federal Law 35-FZ", "2015-06-01"),
        Draft("tr", NLF, L, "Law 3713", "2015-07-01"),
        Draft("fr", NLF, OB, "Political party with elected members", "2015-07-15",
              reasons="No evidence of violent acts"),
        Draft("de", NLF, A, "Under national review", "2015-07-20"),
        Draft("de", PDU, L, "AWG §4", "2015-09-01"),
    )
    ids["de-delists"], = ledger.record(Draft("de", PDU, N, "Court ruling 2016/12", "2016-03-01"))
    return ids


EXPECTED = {
    # policy: (list at D1, list at D2, list at D3)
    "any": ({CH}, {CH, NLF, PDU}, {CH, NLF, PDU}),
    "quorum:2": ({CH}, {CH, NLF, PDU}, {CH, NLF}),
    "quorum:3": ({CH}, {CH}, {CH}),
    "quorum:5": ({CH}, {CH}, set()),
    "all": ({CH}, {CH}, set()),
    "members:de,fr": ({CH}, {CH, PDU}, {CH, PDU}),
    "members:ru": ({CH}, {CH, NLF}, {CH, NLF}),
    "un": ({CH}, {CH}, {CH}),
}


@pytest.mark.parametrize("policy", sorted(EXPECTED))
def test_consolidated_under_every_policy_at_three_dates(ledger: Ledger, policy: str) -> None:
    play(ledger)
    got = tuple({e.entity_id for e in ledger.consolidated(policy, d)} for d in (D1, D2, D3))
    assert got == EXPECTED[policy]


def test_agreement_matrix_says_who_since_when_on_what_basis(ledger: Ledger) -> None:
    play(ledger)
    entries = {e.entity_id: e for e in ledger.consolidated("quorum:2", D2)}
    nlf = entries[NLF]
    assert nlf.listed_by == ["ru", "tr"]
    assert nlf.objected_by == ["fr"]
    assert nlf.positions["de"].position == "abstains"
    assert nlf.since == "2015-07-01"  # the day the second member listed it
    assert nlf.basis == {"ru": "Federal Law 35-FZ", "tr": "Law 3713"}
    pdu = entries[PDU]
    assert pdu.positions["fr"].effective == "2015-05-01"  # the correction, not the wrong date
    assert entries[CH].since == "2014-02-01"
    at3 = {e.entity_id: e for e in ledger.consolidated("any", D3)}
    assert at3[PDU].positions["de"].position == "not-listed"
    assert "tr" not in at3[CH].listed_by  # the Turkish listing ended on 2016-01-31


def test_disagreements_and_diff(ledger: Ledger) -> None:
    play(ledger)
    assert [e.entity_id for e in ledger.disagreements(D2)] == [NLF]
    assert ledger.disagreements(D1) == []
    d = ledger.diff("quorum:2", D2, D3)
    assert [e.entity_id for e in d.removed] == [PDU]
    assert d.added == []
    assert [(a.entity_id, a.listed_by, b.listed_by) for a, b in d.changed] == [
        (CH, ["de", "fr", "ru", "tr", "unsc"], ["de", "fr", "ru", "unsc"])]


def test_as_known_at_reproduces_the_list_before_a_correction(ledger: Ledger) -> None:
    ids = play(ledger)
    rows = {r.id: r for r in ledger.rows()}
    before_fix = rows[ids["pdu-wrong"]].recorded_at
    assert before_fix < rows[ids["pdu-fixed"]].recorded_at
    then = {e.entity_id for e in ledger.consolidated("any", D1, known_at=before_fix)}
    assert then == {CH, PDU}  # as shown before the correction was recorded
    assert {e.entity_id for e in ledger.consolidated("any", D1)} == {CH}


def test_new_entity_submitted_with_its_statement_is_kept(ledger: Ledger) -> None:
    play(ledger)
    rows = ledger.rows(entity=PDU)
    assert [r.member for r in rows] == ["fr", "fr", "de", "de"]
    assert ledger.log.verify().ok
