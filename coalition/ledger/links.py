"""Resolution judgements: "record A and record B name the same entity", append-only.

Each official list names a person under its own entity id; a judgement links two of them, with
the method that found the link (`un-reference`, `identifier`, `name-dob`, `org-name`, `person-name`,
`manual`), its basis in words and a confidence. Judgements are never updated: a later one on
the same pair replaces it (`different` denies the link, `retracted` withdraws it) and names
the judgement it replaces. The latest judgement on each pair is the one that holds;
`known_at` reproduces the links as they stood at a past moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from coalition.errors import InputError, NotFoundError, UsageError
from coalition.ledger import tables as t
from coalition.ledger.append import existing_entities
from coalition.ledger.statements import now_iso

RESOLVER = "resolver"  # the author of judgements derived by `coalition resolve`
METHODS = ("un-reference", "identifier", "name-dob", "org-name", "person-name", "manual")


class Verdict(StrEnum):
    SAME = "same"
    DIFFERENT = "different"
    RETRACTED = "retracted"


@dataclass(frozen=True)
class Judgement:
    """One judgement on a pair of records (left < right)."""

    left: str
    right: str
    verdict: str
    method: str
    basis: str
    confidence: float
    author: str
    id: int | None = None
    retracts: int | None = None
    recorded_at: str | None = None

    @property
    def pair(self) -> tuple[str, str]:
        return self.left, self.right

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "left": self.left, "right": self.right, "verdict": self.verdict,
                "method": self.method, "basis": self.basis, "confidence": self.confidence,
                "author": self.author, "retracts": self.retracts,
                "recorded_at": self.recorded_at}


def judgement(a: str, b: str, verdict: str, method: str, basis: str, confidence: float,
              author: str) -> Judgement:
    """A checked judgement with its pair in order; a UsageError names what is wrong."""
    if not isinstance(a, str) or not isinstance(b, str) or not a or not b:
        raise UsageError("a judgement names two entity ids")
    if a == b:
        raise UsageError(f"a judgement links two different records, not {a!r} with itself")
    if verdict not in set(Verdict):
        raise UsageError(f"verdict {verdict!r} is not one of {', '.join(Verdict)}")
    if method not in METHODS:
        raise UsageError(f"method {method!r} is not one of {', '.join(METHODS)}")
    if not isinstance(basis, str) or not basis.strip():
        raise UsageError(f"the judgement on {a!r} and {b!r} needs a basis (why, in words)")
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) \
            or not 0.0 <= confidence <= 1.0:
        raise UsageError(f"confidence {confidence!r} must be a number from 0 to 1")
    left, right = sorted((a, b))
    return Judgement(left, right, str(verdict), method, basis.strip()[:2_000],
                     round(float(confidence), 3), author)


def _row(r: sa.Row) -> Judgement:
    m = r._mapping
    return Judgement(m["left_id"], m["right_id"], m["verdict"], m["method"], m["basis"],
                     m["confidence"], m["author"], m["id"], m["retracts"], m["recorded_at"])


class Resolution:
    """The judgements of one store: recording them and reading the links that hold."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, items: Sequence[Judgement]) -> int:
        """Append judgements (all or none): their entities must exist, their authors be
        members (or the resolver), each pair at most once; each replaces the judgement that
        held on its pair before. Returns how many were recorded."""
        if not items:
            return 0
        pairs = [j.pair for j in items]
        if len(set(pairs)) != len(pairs):
            dup = next(p for p in pairs if pairs.count(p) > 1)
            raise UsageError(f"the pair {dup[0]} ~ {dup[1]} is judged twice in one batch")
        with self.engine.begin() as conn:
            self._check(conn, items)
            held = self._held(conn, set(pairs))
            now = now_iso()
            rows = [{"left_id": j.left, "right_id": j.right, "verdict": j.verdict,
                     "method": j.method, "basis": j.basis, "confidence": j.confidence,
                     "author": j.author,
                     "retracts": held[j.pair].id if j.pair in held else None,
                     "recorded_at": now} for j in items]
            for i in range(0, len(rows), 5_000):
                conn.execute(sa.insert(t.links), rows[i:i + 5_000])
        return len(rows)

    def judge(self, a: str, b: str, verdict: str, *, basis: str, author: str,
              confidence: float = 1.0, method: str = "manual") -> Judgement:
        """Record one judgement on a pair (a member's, by default `manual`); returns it."""
        j = judgement(a, b, verdict, method, basis, confidence, author)
        self.record([j])
        with self.engine.connect() as conn:
            return self._held(conn, {j.pair})[j.pair]

    @staticmethod
    def _check(conn: Connection, items: Sequence[Judgement]) -> None:
        ids = sorted({i for j in items for i in j.pair})
        known = existing_entities(conn, ids)
        members = set(conn.execute(sa.select(t.members.c.id)).scalars())
        for n, j in enumerate(items, start=1):
            where = f"judgement {n} of {len(items)} ({j.left} ~ {j.right})"
            for eid in j.pair:
                if eid not in known:
                    raise NotFoundError(f"unknown entity {eid!r}: import the list that has it",
                                        where=where)
            if j.author != RESOLVER and j.author not in members:
                raise NotFoundError(f"unknown member {j.author!r}; a judgement is made by a "
                                    f"member or by the `{RESOLVER}`", where=where)
            if j.author == RESOLVER and j.verdict != Verdict.SAME:
                raise InputError("the resolver records only `same` links", where=where)

    @staticmethod
    def _held(conn: Connection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str],
                                                                         Judgement]:
        wanted = set(pairs)
        lefts = sorted({a for a, _ in wanted})
        out: dict[tuple[str, str], Judgement] = {}
        c = t.links.c
        for i in range(0, len(lefts), 500):
            for r in conn.execute(sa.select(t.links).where(c.left_id.in_(lefts[i:i + 500]))
                                  .order_by(c.id)):
                j = _row(r)
                if j.pair in wanted:
                    out[j.pair] = j
        return out

    def current(self, known_at: str | None = None) -> dict[tuple[str, str], Judgement]:
        """pair -> the judgement that holds (recorded by `known_at`, when given)."""
        q = sa.select(t.links).order_by(t.links.c.id)
        out: dict[tuple[str, str], Judgement] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                j = _row(r)
                # compared as text prefixes, as statements are: a date or a full timestamp
                if known_at is None or str(j.recorded_at)[:len(known_at)] <= known_at:
                    out[j.pair] = j
        return out

    def judged_pairs(self) -> set[tuple[str, str]]:
        """Every pair that has any judgement (the resolver never judges them again)."""
        with self.engine.connect() as conn:
            return {(a, b) for a, b in conn.execute(
                sa.select(t.links.c.left_id, t.links.c.right_id).distinct())}

    def history(self, entity_id: str) -> list[Judgement]:
        """Every judgement naming an entity, in the order recorded."""
        c = t.links.c
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(
                sa.select(t.links).where(sa.or_(c.left_id == entity_id,
                                                c.right_id == entity_id)).order_by(c.id))]

