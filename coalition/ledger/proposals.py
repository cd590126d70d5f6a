"""Proposals: a member proposes a designation; others endorse or object before a deadline.

A proposal is the proposer's `listed` statement carrying a deadline and a quorum. Answers are
statements that name it in `responds_to`: `listed` endorses, `objects` objects, `abstains`
abstains; a member's latest answer counts. The state follows from the statements alone: `open`
until the deadline; then `adopted` when the proposer and the endorsers reach the quorum and
outnumber the objectors, else `rejected`; `withdrawn` when the proposal was superseded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coalition.ledger.statements import Position, StatementRow


@dataclass
class ProposalState:
    id: str
    proposer: str
    entity_id: str
    deadline: str
    quorum: int
    legal_basis: str
    endorsed_by: list[str] = field(default_factory=list)
    objected_by: list[str] = field(default_factory=list)
    abstained: list[str] = field(default_factory=list)
    state: str = "open"

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def proposal_states(rows: Iterable[StatementRow], as_of: str) -> list[ProposalState]:
    """Every proposal issued by `as_of`, with its answers up to then and its state."""
    rows = [r for r in rows if r.issued[:10] <= as_of]
    superseded = {r.supersedes for r in rows if r.supersedes}
    props = {r.id: r for r in rows if r.deadline is not None}
    answers: dict[str, dict[str, StatementRow]] = {}
    for r in rows:
        if r.proposal in props and r.id not in superseded:
            answers.setdefault(r.proposal, {})[r.member] = r  # log order: the latest wins
    out = []
    for pid, p in props.items():
        st = ProposalState(pid, p.member, p.entity_id, p.deadline, p.quorum or 1, p.legal_basis)
        for member, a in sorted(answers.get(pid, {}).items()):
            {Position.LISTED: st.endorsed_by, Position.OBJECTS: st.objected_by,
             Position.ABSTAINS: st.abstained}[Position(a.position)].append(member)
        support = 1 + len(st.endorsed_by)
        if pid in superseded:
            st.state = "withdrawn"
        elif as_of <= p.deadline:
            st.state = "open"
        elif support >= st.quorum and support > len(st.objected_by):
            st.state = "adopted"
        else:
            st.state = "rejected"
        out.append(st)
    return sorted(out, key=lambda s: (s.deadline, s.id))
