"""Proposals: endorse or object before the deadline; the state follows from the statements."""

from __future__ import annotations

import pytest

from coalition.errors import ConflictError, NotFoundError
from coalition.ledger import Draft, Ledger, Position

NLF = "ftm-demo-nlf"
DEADLINE = "2099-12-31"


def propose(ledger: Ledger, quorum: int) -> str:
    pid, = ledger.record(Draft("ru", NLF, Position.LISTED, "Federal Law 35-FZ", "2015-06-01",
                               proposal={"deadline": DEADLINE, "quorum": quorum}))
    return pid


def answer(ledger: Ledger, member: str, position: Position, pid: str) -> str:
    sid, = ledger.record(Draft(member, NLF, position, "national review", "2015-07-01",
                               responds_to=pid))
    return sid


def test_open_then_adopted_or_rejected(ledger: Ledger) -> None:
    pid = propose(ledger, quorum=3)
    answer(ledger, "tr", Position.LISTED, pid)
    answer(ledger, "fr", Position.OBJECTS, pid)
    answer(ledger, "de", Position.ABSTAINS, pid)
    today = ledger.rows()[-1].issued[:10]
    st, = ledger.proposals(today)
    assert (st.state, st.endorsed_by, st.objected_by, st.abstained) == (
        "open", ["tr"], ["fr"], ["de"])
    st, = ledger.proposals("2100-01-01")
    assert st.state == "rejected"  # two in support, quorum three
    answer(ledger, "unsc", Position.LISTED, pid)
    st, = ledger.proposals("2100-01-01")
    assert st.state == "adopted" and st.endorsed_by == ["tr", "unsc"]
    assert {e.entity_id for e in ledger.consolidated("quorum:3", "2015-08-01")} == {NLF}


def test_answers_are_checked(ledger: Ledger) -> None:
    pid = propose(ledger, quorum=2)
    with pytest.raises(ConflictError, match="its own proposal"):
        answer(ledger, "ru", Position.LISTED, pid)
    with pytest.raises(ConflictError, match="dates out of order: the proposal closed"):
        ledger.record(Draft("fr", NLF, Position.OBJECTS, "late", "2015-07-01", responds_to=pid,
                            issued="2100-01-02T00:00:00Z"))
    plain, = ledger.record(Draft("fr", NLF, Position.OBJECTS, "x", "2015-07-01"))
    with pytest.raises(NotFoundError, match="not a proposal"):
        answer(ledger, "de", Position.LISTED, plain)


def test_a_superseded_proposal_is_withdrawn(ledger: Ledger) -> None:
    pid = propose(ledger, quorum=2)
    ledger.record(Draft("ru", NLF, Position.UNDER_REVIEW, "withdrawn for review", "2015-06-01",
                        supersedes=pid))
    st, = ledger.proposals("2100-01-01")
    assert st.state == "withdrawn"
