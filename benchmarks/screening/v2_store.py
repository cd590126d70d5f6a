"""The v2 benchmark's view of a coalition home: the screener the CLI builds, the records it
holds and the truth about which records name one real-world entity.

The screener comes from `coalition.cli.screen._screener`, the function `coalition screen`
calls, so whatever that command returns (one result per list record today, one per merged
entity once records are merged) is what the benchmark measures. Truth about identity is the
union of `coalition resolve`'s clusters and the expected sets of the labelled queries; it is
kept over source-record references (`<dataset>:<ref>`, as in `Result.referents`), which
results carry whatever they are keyed by.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from coalition.cli import context
from coalition.cli.screen import _screener
from coalition.ledger import Ledger
from coalition.screening import Screener
from coalition.screening.records import Record


class Truth:
    """Union-find over source-record references: which references name one entity."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, ref: str) -> str:
        root = self.parent.setdefault(ref, ref)
        while self.parent[root] != root:
            root = self.parent[root]
        while ref != root:
            self.parent[ref], ref = root, self.parent[ref]
        return root

    def union(self, refs: Iterable[str]) -> None:
        items = list(refs)
        for other in items[1:]:
            a, b = self.find(items[0]), self.find(other)
            if a != b:
                self.parent[b] = a

    def entity_of(self, refs: Iterable[str]) -> str | None:
        """The entity a result names (its first referent's; all of them are one entity)."""
        for ref in refs:
            return self.find(ref)
        return None

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for ref in self.parent:
            out.setdefault(self.find(ref), []).append(ref)
        return out


@dataclass
class Home:
    """What the benchmark reads from one coalition home."""

    screener: Screener
    records: list[Record]  # every matchable list record, as the store holds them
    by_ref: dict[str, Record]  # source-record reference -> record
    clusters: Truth  # coalition resolve's clusters only
    screener_seconds: float  # build or load of the screener, as the CLI does it
    entities_seconds: float  # reading the store's entities for the labelled sets
    cluster_links: int

    def cluster_of(self, ref: str) -> list[str]:
        """Every reference resolved with `ref` (itself included)."""
        root = self.clusters.find(ref)
        return self._members.get(root, [ref])

    def __post_init__(self) -> None:
        self._members = self.clusters.members()


def load_home(dataset: str | None = None) -> Home:
    """The screener exactly as `coalition screen [--dataset X]` builds it from COALITION_HOME,
    the store's records and the resolver's clusters."""
    started = time.perf_counter()
    screener = _screener(dataset, None, None)
    screener_seconds = time.perf_counter() - started
    store = context.store()
    started = time.perf_counter()
    records = [Record.from_entity(e) for e in store.entities(None, matchable_only=True)]
    entities_seconds = time.perf_counter() - started
    by_id = {r.id: r for r in records}
    by_ref = {ref: r for r in records for ref in r.referents}
    clusters = Truth()
    for ref in by_ref:
        clusters.find(ref)
    found = Ledger(store, context.settings().home / "keys").clusters()
    links = 0
    for eid in list(found.parent):
        members = [ref for m in found.referents(eid) if m in by_id
                   for ref in by_id[m].referents]
        if len(members) > 1:
            clusters.union(members)
            links += 1
    return Home(screener, records, by_ref, clusters, screener_seconds, entities_seconds, links)


def list_screener(dataset: str) -> Screener:
    """`coalition screen --dataset X`: one list's view, as the CLI builds it."""
    return _screener(dataset, None, None)
