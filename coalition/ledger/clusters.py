"""Clusters of records that name one entity: the connected components of the `same` links.

Links are applied strongest first; a link that would put two records judged `different` in
one cluster is left out (and listed in `skipped`), so a denial always wins over a chain of
links. Given the records' `facts` (resolve_facts.py), a link of the resolver that would put
two records with contradicting birth dates or documents in one cluster is left out as well,
however the two are chained; a member's `same` is applied all the same (it is their call).
A cluster is known by one of its records: a UN Security Council record when it has one, else
the first id in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from coalition.ledger.links import RESOLVER, Judgement, Verdict
from coalition.ledger.resolve_facts import Facts, conflict

UN_PREFIX = "un-sc-"


def _rank(eid: str) -> tuple[int, str]:
    return (0 if eid.startswith(UN_PREFIX) else 1, eid)


class Clusters:
    """Which cluster each linked record belongs to; a record with no link is its own."""

    def __init__(self, judgements: Iterable[Judgement],
                 facts: Mapping[str, Facts] | None = None) -> None:
        self.parent: dict[str, str] = {}
        self.apart: dict[str, set[str]] = {}
        self.skipped: list[Judgement] = []
        self.facts = facts or {}
        self._factual: dict[str, list[str]] = {}  # root -> its records that have facts
        current = list(judgements)
        for j in current:
            if j.verdict == Verdict.DIFFERENT:
                a, b = self._find(j.left), self._find(j.right)
                self.apart.setdefault(a, set()).add(b)
                self.apart.setdefault(b, set()).add(a)
        applied: list[Judgement] = []
        for j in sorted((j for j in current if j.verdict == Verdict.SAME),
                        key=lambda j: (-j.confidence, j.left, j.right)):
            if self._union(j.left, j.right, checked=j.author == RESOLVER):
                applied.append(j)
            else:
                self.skipped.append(j)
        self._members: dict[str, list[str]] = {}
        for eid in self.parent:
            self._members.setdefault(self._find(eid), []).append(eid)
        self._name = {root: min(ids, key=_rank) for root, ids in self._members.items()}
        self._links: dict[str, list[Judgement]] = {}
        for j in applied:
            self._links.setdefault(self._find(j.left), []).append(j)

    def _find(self, eid: str) -> str:
        root = self.parent.setdefault(eid, eid)
        while self.parent[root] != root:
            root = self.parent[root]
        while eid != root:  # path compression
            self.parent[eid], eid = root, self.parent[eid]
        return root

    def _holding_facts(self, root: str, eid: str) -> list[str]:
        if root not in self._factual:
            self._factual[root] = [eid] if eid in self.facts else []
        return self._factual[root]

    def conflict(self, a: str, b: str) -> str | None:
        """Why the clusters of a and b cannot be one (a pair of records between them whose
        facts contradict), or None."""
        left = self._holding_facts(self._find(a), a)
        right = self._holding_facts(self._find(b), b)
        for x in left:
            for y in right:
                why = conflict(self.facts[x], self.facts[y])
                if why:
                    return f"{x} ~ {y}: {why}"
        return None

    def _union(self, a: str, b: str, *, checked: bool = False) -> bool:
        """Join the clusters of a and b; False when they were judged apart (or, `checked`,
        when facts between them contradict)."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        if rb in self.apart.get(ra, ()):
            return False
        if checked and self.facts and self.conflict(a, b):
            return False
        if self.facts:
            merged = self._holding_facts(ra, a) + self._holding_facts(rb, b)
            self._factual.pop(rb, None)
            self._factual[ra] = merged
        self.parent[rb] = ra
        moved = self.apart.pop(rb, set())
        if moved:
            self.apart.setdefault(ra, set()).update(moved)
            for other in moved:
                peers = self.apart[other]
                peers.discard(rb)
                peers.add(ra)
        return True

    def of(self, eid: str) -> str:
        """The id the cluster of `eid` is known by."""
        if eid not in self.parent:
            return eid
        return self._name[self._find(eid)]

    def referents(self, eid: str) -> list[str]:
        """Every record of the cluster of `eid`, in order."""
        if eid not in self.parent:
            return [eid]
        return sorted(self._members[self._find(eid)], key=_rank)

    def links(self, eid: str) -> list[Judgement]:
        """The links that hold the cluster of `eid` together."""
        if eid not in self.parent:
            return []
        return sorted(self._links.get(self._find(eid), []), key=lambda j: j.pair)

    def sizes(self) -> list[int]:
        """The size of every cluster of two records or more, largest first."""
        return sorted((len(v) for v in self._members.values() if len(v) > 1), reverse=True)
