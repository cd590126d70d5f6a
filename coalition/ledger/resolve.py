"""`coalition resolve`: derive resolution links from the imported lists and record them.

The methods run over the latest edition of every list: UN references, strong identifiers,
organisations' exact names (resolve_keys.py) and names with birth dates through the
screening engine (resolve_match.py). A pair found by several methods becomes one link with
the highest confidence and every basis. A pair that already has a judgement (a link, a
denial or a retraction) is never judged again by the resolver, so a member's correction
stands. Nor does it link two clusters that each hold a record of the same list: a list names
an entity once, so such a link would chain two entities together (it is counted as held
back, strongest links first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coalition.errors import UsageError
from coalition.ledger.clusters import Clusters
from coalition.ledger.links import Judgement, Resolution
from coalition.ledger.resolve_keys import Record, by_identifier, by_org_name, by_un_reference
from coalition.ledger.resolve_match import Progress, by_name_and_birth_date
from coalition.store import Store

DERIVED = ("un-reference", "identifier", "name-dob", "org-name")
MAX_BASIS = 2_000


@dataclass
class ResolveReport:
    """What a run of the resolver found and did."""

    records: int = 0
    found: dict[str, int] = field(default_factory=dict)  # candidate links per method
    new: dict[str, int] = field(default_factory=dict)  # of them not judged before
    already_judged: int = 0
    held_back: int = 0  # links that would join two records of one list
    recorded: int = 0
    clusters: int = 0
    clustered_records: int = 0
    largest_cluster: int = 0
    dry_run: bool = False

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _merge(found: list[Judgement]) -> list[Judgement]:
    """One link per pair: the strongest, with every method's basis."""
    by_pair: dict[tuple[str, str], list[Judgement]] = {}
    for j in found:
        by_pair.setdefault(j.pair, []).append(j)
    out = []
    for pair, js in sorted(by_pair.items()):
        js.sort(key=lambda j: -j.confidence)
        bases = list(dict.fromkeys(j.basis for j in js))
        top = js[0]
        out.append(Judgement(top.left, top.right, top.verdict, top.method,
                             "; ".join(bases)[:MAX_BASIS], top.confidence, top.author))
    return out


class _Joined:
    """Union-find over records that knows which lists each cluster holds."""

    def __init__(self, dataset_of: dict[str, str]) -> None:
        self.parent: dict[str, str] = {}
        self.lists: dict[str, set[str]] = {}
        self.dataset_of = dataset_of

    def find(self, eid: str) -> str:
        if eid not in self.parent:
            self.parent[eid] = eid
            self.lists[eid] = {self.dataset_of.get(eid, eid)}
        root = eid
        while self.parent[root] != root:
            root = self.parent[root]
        while eid != root:
            self.parent[eid], eid = root, self.parent[eid]
        return root

    def join(self, a: str, b: str, *, strict: bool) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if strict and self.lists[ra] & self.lists[rb]:
            return False
        self.parent[rb] = ra
        self.lists[ra] |= self.lists.pop(rb)
        return True


def _accepted(held: list[Judgement], new: list[Judgement],
              dataset_of: dict[str, str]) -> tuple[list[Judgement], int]:
    joined = _Joined(dataset_of)
    for j in held:
        if j.verdict == "same":
            joined.join(j.left, j.right, strict=False)
    out = [j for j in sorted(new, key=lambda j: (-j.confidence, j.pair))
           if joined.join(j.left, j.right, strict=True)]
    return out, len(new) - len(out)


def derive(store: Store, methods: Sequence[str] = DERIVED,
           progress: Progress | None = None) -> tuple[dict[str, str], list[Judgement]]:
    """(each record's list, candidate links) from the latest editions, by `methods`."""
    unknown = [m for m in methods if m not in DERIVED]
    if unknown:
        raise UsageError(f"unknown resolution method {unknown[0]!r}; use "
                         f"{', '.join(DERIVED)}")
    entities = list(store.entities(matchable_only=True))
    records = {e.id: Record.of(e) for e in entities}
    found: list[Judgement] = []
    if "un-reference" in methods:
        found += by_un_reference(store, records)
    if "identifier" in methods:
        found += by_identifier(store, records)
    if "org-name" in methods:
        found += by_org_name(records)
    if "name-dob" in methods:
        persons = [e for e in entities if e.schema.name == "Person"]
        found += by_name_and_birth_date(persons, records, progress)
    return {r.id: r.dataset for r in records.values()}, found


def resolve(store: Store, methods: Sequence[str] = DERIVED, *, dry_run: bool = False,
            progress: Progress | None = None) -> ResolveReport:
    """Derive links and record those on pairs not judged before (none with `dry_run`)."""
    resolution = Resolution(store.engine)
    report = ResolveReport(dry_run=dry_run)
    dataset_of, found = derive(store, methods, progress)
    report.records = len(dataset_of)
    for j in found:
        report.found[j.method] = report.found.get(j.method, 0) + 1
    judged = resolution.judged_pairs()
    merged = _merge(found)
    held = list(resolution.current().values())
    fresh = [j for j in merged if j.pair not in judged]
    report.already_judged = len(merged) - len(fresh)
    new, report.held_back = _accepted(held, fresh, dataset_of)
    for j in new:
        report.new[j.method] = report.new.get(j.method, 0) + 1
    if not dry_run:
        report.recorded = resolution.record(new)
    clusters = Clusters(held + new if dry_run else resolution.current().values())
    sizes = clusters.sizes()
    report.clusters, report.clustered_records = len(sizes), sum(sizes)
    report.largest_cluster = sizes[0] if sizes else 0
    return report
