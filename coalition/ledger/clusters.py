"""Clusters of records that name one entity: the connected components of the `same` links.

Links are applied strongest first; a link that would put two records judged `different` in
one cluster is left out (and listed in `skipped`), so a denial always wins over a chain of
links. A cluster is known by one of its records: a UN Security Council record when it has
one, else the first id in order.
"""

from __future__ import annotations

from collections.abc import Iterable

from coalition.ledger.links import Judgement, Verdict

UN_PREFIX = "un-sc-"


def _rank(eid: str) -> tuple[int, str]:
    return (0 if eid.startswith(UN_PREFIX) else 1, eid)


class Clusters:
    """Which cluster each linked record belongs to; a record with no link is its own."""

    def __init__(self, judgements: Iterable[Judgement]) -> None:
        self.parent: dict[str, str] = {}
        self.apart: dict[str, set[str]] = {}
        self.skipped: list[Judgement] = []
        current = list(judgements)
        for j in current:
            if j.verdict == Verdict.DIFFERENT:
                a, b = self._find(j.left), self._find(j.right)
                self.apart.setdefault(a, set()).add(b)
                self.apart.setdefault(b, set()).add(a)
        applied: list[Judgement] = []
        for j in sorted((j for j in current if j.verdict == Verdict.SAME),
                        key=lambda j: (-j.confidence, j.left, j.right)):
            if self._union(j.left, j.right):
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

    def _union(self, a: str, b: str) -> bool:
        """Join the clusters of a and b; False when they were judged apart."""
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return True
        if rb in self.apart.get(ra, ()):
            return False
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
