"""Consolidation: the joint list as a pure function of statements, a policy and a date.

On a date D a member's position on an entity is its latest statement in force on D (effective
on or before D, not yet ended), among the statements not superseded. A superseding statement
is a correction: it replaces the old one for every date. `known_at` restricts the statements
to those recorded by then, so a past view can be reproduced exactly as it was shown.

With entity resolution (`clusters`), an entry is a cluster of records that name one entity:
a member that lists any of its records lists the entity (since its earliest such listing);
otherwise an objection to any record counts; otherwise the member's latest position.

Policies: `any` (listed by at least one member), `quorum:K` (by at least K), `all` (by every
member that had joined by D), `members:A,B` (by at least one of the named members), `un` (by
the UN Security Council, member `unsc`). Objections never remove an entry; they are shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coalition.errors import UsageError
from coalition.ledger.clusters import Clusters
from coalition.ledger.links import Judgement
from coalition.ledger.members import Member
from coalition.ledger.statements import Position, StatementRow, in_force, valid_date

UN_MEMBER = "unsc"


@dataclass(frozen=True)
class Policy:
    """Which entities make the consolidated list."""

    kind: str  # any | quorum | all | members | un
    quorum: int = 1
    members: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "quorum":
            return f"quorum:{self.quorum}"
        if self.kind == "members":
            return "members:" + ",".join(self.members)
        return self.kind


def parse_policy(text: str | Policy) -> Policy:
    """`any`, `quorum:K`, `all`, `members:A,B,C` or `un`."""
    if isinstance(text, Policy):
        return text
    kind, _, arg = text.strip().partition(":")
    if kind in ("any", "all", "un") and not arg:
        return Policy(kind)
    if kind == "quorum" and arg.isdigit() and int(arg) >= 1:
        return Policy("quorum", quorum=int(arg))
    if kind == "members" and arg:
        names = tuple(sorted({m.strip() for m in arg.split(",") if m.strip()}))
        if names:
            return Policy("members", members=names)
    raise UsageError(f"unknown policy {text!r}; use any, quorum:K, all, members:A,B or un")


@dataclass
class Entry:
    """One entity's row of the agreement matrix: each member's position and its grounds."""

    entity_id: str
    positions: dict[str, StatementRow] = field(default_factory=dict)
    since: str | None = None  # when it entered the consolidated list under the policy
    referents: list[str] = field(default_factory=list)  # the records that name the entity
    links: list[dict[str, object]] = field(default_factory=list)  # why they are one entity

    def members_with(self, position: Position) -> list[str]:
        return sorted(m for m, r in self.positions.items() if r.position == position)

    @property
    def listed_by(self) -> list[str]:
        return self.members_with(Position.LISTED)

    @property
    def objected_by(self) -> list[str]:
        return self.members_with(Position.OBJECTS)

    @property
    def basis(self) -> dict[str, str]:
        return {m: r.legal_basis for m, r in sorted(self.positions.items())
                if r.position == Position.LISTED}

    def to_dict(self) -> dict[str, object]:
        return {
            "entity_id": self.entity_id, "referents": self.referents or [self.entity_id],
            "since": self.since, "listed_by": self.listed_by, "objected_by": self.objected_by,
            "positions": {m: {"position": r.position, "since": r.effective, "until": r.until,
                              "legal_basis": r.legal_basis, "entity": r.entity_id,
                              "statement": r.id, "source": r.source}
                          for m, r in sorted(self.positions.items())},
            "links": self.links,
        }


def _check_date(value: str, what: str) -> None:
    if not valid_date(value) or len(value) != 10:
        raise UsageError(f"{what} {value!r} is not an ISO date (YYYY-MM-DD)")


def positions_at(rows: Iterable[StatementRow], as_of: str,
                 known_at: str | None = None) -> dict[str, dict[str, StatementRow]]:
    """entity -> member -> the statement that holds on `as_of`."""
    _check_date(as_of, "as-of date")
    considered = [r for r in rows if known_at is None
                  or r.recorded_at[: len(known_at)] <= known_at]
    superseded = {r.supersedes for r in considered if r.supersedes}
    out: dict[str, dict[str, StatementRow]] = {}
    for r in considered:
        if r.id in superseded or not in_force(r.effective, r.until, as_of):
            continue
        held = out.setdefault(r.entity_id, {})
        current = held.get(r.member)
        if current is None or (r.effective, r.log_index) > (current.effective, current.log_index):
            held[r.member] = r
    return out


def _order(r: StatementRow) -> tuple[str, int]:
    return r.effective, r.log_index


def _merged(by_record: list[dict[str, StatementRow]]) -> dict[str, StatementRow]:
    """Each member's position on a cluster from its positions on the cluster's records."""
    rows: dict[str, list[StatementRow]] = {}
    for held in by_record:
        for member, r in held.items():
            rows.setdefault(member, []).append(r)
    out = {}
    for member, rs in rows.items():
        listed = [r for r in rs if r.position == Position.LISTED]
        objects = [r for r in rs if r.position == Position.OBJECTS]
        out[member] = (min(listed, key=_order) if listed
                       else max(objects or rs, key=_order))
    return out


def _link(j: Judgement) -> dict[str, object]:
    d = j.to_dict()
    return {k: d[k] for k in ("left", "right", "method", "basis", "confidence", "author")}


def agreement_matrix(rows: Iterable[StatementRow], as_of: str, known_at: str | None = None,
                     clusters: Clusters | None = None) -> list[Entry]:
    """Every entity some member holds a position on, on `as_of`, with each member's position
    (an entity is a cluster of resolved records when `clusters` is given)."""
    held = positions_at(rows, as_of, known_at)
    if clusters is None:
        return [Entry(eid, h, referents=[eid]) for eid, h in sorted(held.items())]
    grouped: dict[str, list[dict[str, StatementRow]]] = {}
    for eid, h in held.items():
        grouped.setdefault(clusters.of(eid), []).append(h)
    out = []
    for cid, parts in sorted(grouped.items()):
        if cid not in clusters.parent:  # a record no link names: nothing to merge
            out.append(Entry(cid, parts[0], referents=[cid]))
            continue
        out.append(Entry(cid, _merged(parts), referents=clusters.referents(cid),
                         links=[_link(j) for j in clusters.links(cid)]))
    return out


def _selected(entry: Entry, policy: Policy, active: Sequence[str]) -> str | None:
    """The date the entry entered the list under `policy`, or None when it is not on it."""
    since = {m: r.effective for m, r in entry.positions.items() if r.position == Position.LISTED}
    if policy.kind == "any":
        return min(since.values()) if since else None
    if policy.kind == "quorum":
        dates = sorted(since.values())
        return dates[policy.quorum - 1] if len(dates) >= policy.quorum else None
    if policy.kind == "all":
        if not active or any(m not in since for m in active):
            return None
        return max(since[m] for m in active)
    names = (UN_MEMBER,) if policy.kind == "un" else policy.members
    dates = [since[m] for m in names if m in since]
    return min(dates) if dates else None


def consolidate(rows: Iterable[StatementRow], members: Sequence[Member], policy: Policy,
                as_of: str, known_at: str | None = None,
                clusters: Clusters | None = None) -> list[Entry]:
    """The consolidated list on `as_of` under `policy`, each entry with its agreement row."""
    known = {m.id for m in members}
    unknown = [m for m in policy.members if m not in known]
    if unknown:
        raise UsageError(f"policy names unknown members {unknown}; see `coalition member list`")
    active = [m.id for m in members if m.joined is None or m.joined <= as_of]
    out = []
    for entry in agreement_matrix(rows, as_of, known_at, clusters):
        entry.since = _selected(entry, policy, active)
        if entry.since is not None:
            out.append(entry)
    return out


def disagreements(rows: Iterable[StatementRow], as_of: str, known_at: str | None = None,
                  clusters: Clusters | None = None) -> list[Entry]:
    """Entities listed by some members and objected to by others, on `as_of`."""
    return [e for e in agreement_matrix(rows, as_of, known_at, clusters)
            if e.listed_by and e.objected_by]


@dataclass
class ListDiff:
    policy: Policy
    old: str
    new: str
    added: list[Entry]
    removed: list[Entry]
    changed: list[tuple[Entry, Entry]]


def diff(rows: Sequence[StatementRow], members: Sequence[Member], policy: Policy, old: str,
         new: str, clusters: Clusters | None = None) -> ListDiff:
    """What changed in the consolidated list between two dates: entries added, removed, and
    entries whose listing or objecting members changed."""
    before = {e.entity_id: e for e in consolidate(rows, members, policy, old, None, clusters)}
    after = {e.entity_id: e for e in consolidate(rows, members, policy, new, None, clusters)}
    changed = [(before[k], after[k]) for k in sorted(before.keys() & after.keys())
               if (before[k].listed_by, before[k].objected_by)
               != (after[k].listed_by, after[k].objected_by)]
    return ListDiff(policy, old, new,
                    added=[after[k] for k in sorted(after.keys() - before.keys())],
                    removed=[before[k] for k in sorted(before.keys() - after.keys())],
                    changed=changed)
