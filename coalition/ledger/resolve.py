"""`coalition resolve`: derive resolution links from the imported lists and record them.

The methods run over the latest edition of every list: UN references, strong identifiers,
organisations' exact names (resolve_keys.py) and names with birth dates through the
screening engine (resolve_match.py). A pair found by several methods becomes one link with
the highest confidence and every basis. A pair that already has a judgement (a link, a
denial or a retraction) is never judged again by the resolver, so a member's correction
stands. Nor does it link two clusters that each hold a record of the same list (a list names
an entity once, so such a link would chain two entities together), or two clusters holding
records whose birth dates or documents contradict each other (resolve_facts.py): such links
are counted as held back, strongest links first.

`resolve(store, only=ids)` re-links just those records (a new edition's added and changed
ones, `link_edition`) against everything else: the key methods keep the keys those records
hold, and only they are screened, against the saved index of persons (resolve_index.py).
Links already recorded are never withdrawn by a new edition, and records removed from a list
keep theirs (history).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from coalition.errors import UsageError
from coalition.ledger.clusters import Clusters
from coalition.ledger.links import Judgement, Resolution
from coalition.ledger.resolve_facts import Facts, conflict, load_facts
from coalition.ledger.resolve_index import PersonIndex, Years, build, load
from coalition.ledger.resolve_keys import (
    Record,
    by_identifier,
    by_org_name,
    by_person_name,
    by_un_reference,
)
from coalition.ledger.resolve_load import RecordBook, entities_by_id, persons_with_birth_dates
from coalition.ledger.resolve_match import Progress, by_name_and_birth_date
from coalition.store import Diff, Store
from coalition.store import tables as st

DERIVED = ("un-reference", "identifier", "name-dob", "org-name", "person-name")
MAX_BASIS = 2_000


@dataclass
class ResolveReport:
    """What a run of the resolver found and did."""

    records: int = 0  # records re-linked (every record of the latest editions in a full run)
    found: dict[str, int] = field(default_factory=dict)  # candidate links per method
    new: dict[str, int] = field(default_factory=dict)  # of them not judged before
    already_judged: int = 0
    held_back: int = 0  # links that would join two records of one list
    conflicting: int = 0  # links that would join records whose facts contradict
    recorded: int = 0
    clusters: int = 0
    clustered_records: int = 0
    largest_cluster: int = 0
    dry_run: bool = False
    incremental: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # wall-clock time per phase

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _merge(found: list[Judgement]) -> list[Judgement]:
    """One link per pair: the strongest, with every method's basis."""
    by_pair: dict[tuple[str, str], list[Judgement]] = {}
    for j in found:
        by_pair.setdefault(j.pair, []).append(j)
    out = []
    for _pair, js in sorted(by_pair.items()):
        js.sort(key=lambda j: -j.confidence)
        bases = list(dict.fromkeys(j.basis for j in js))
        top = js[0]
        out.append(Judgement(top.left, top.right, top.verdict, top.method,
                             "; ".join(bases)[:MAX_BASIS], top.confidence, top.author))
    return out


class _Joined:
    """Union-find over records that knows which lists each cluster holds and which of its
    records have facts to contradict."""

    def __init__(self, dataset_of: dict[str, str], facts: dict[str, Facts]) -> None:
        self.parent: dict[str, str] = {}
        self.lists: dict[str, set[str]] = {}
        self.factual: dict[str, list[str]] = {}
        self.dataset_of = dataset_of
        self.facts = facts

    def find(self, eid: str) -> str:
        if eid not in self.parent:
            self.parent[eid] = eid
            self.lists[eid] = {self.dataset_of.get(eid, eid)}
            self.factual[eid] = [eid] if eid in self.facts else []
        root = eid
        while self.parent[root] != root:
            root = self.parent[root]
        while eid != root:
            self.parent[eid], eid = root, self.parent[eid]
        return root

    def contradiction(self, ra: str, rb: str) -> str | None:
        for x in self.factual[ra]:
            for y in self.factual[rb]:
                if conflict(self.facts[x], self.facts[y]):
                    return f"{x} ~ {y}"
        return None

    def join(self, a: str, b: str, *, strict: bool) -> str | None:
        """Join the clusters of a and b; with `strict`, not when they share a list ("list")
        or hold records that contradict each other ("conflict"): returns why not."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if strict and self.lists[ra] & self.lists[rb]:
            return "list"
        if strict and self.contradiction(ra, rb):
            return "conflict"
        self.parent[rb] = ra
        self.lists[ra] |= self.lists.pop(rb)
        self.factual[ra] += self.factual.pop(rb)
        return None


def _accepted(held: list[Judgement], new: list[Judgement], dataset_of: dict[str, str],
              facts: dict[str, Facts]) -> tuple[list[Judgement], int, int]:
    """The new links to record, and how many were held back for a shared list and for a
    contradiction."""
    joined = _Joined(dataset_of, facts)
    for j in held:
        if j.verdict == "same":
            joined.join(j.left, j.right, strict=False)
    out, lists, conflicts = [], 0, 0
    for j in sorted(new, key=lambda j: (-j.confidence, j.pair)):
        why = joined.join(j.left, j.right, strict=True)
        if why is None:
            out.append(j)
        elif why == "list":
            lists += 1
        else:
            conflicts += 1
    return out, lists, conflicts


def datasets_of(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """The list each record comes from (records no longer listed included)."""
    wanted = sorted(set(ids))
    c = st.statements.c
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            out.update((r[0], r[1]) for r in conn.execute(sa.select(c.entity_id, c.dataset)
                       .where(c.entity_id.in_(wanted[i:i + 500])).distinct()))
    return out


def _check(methods: Sequence[str]) -> None:
    unknown = [m for m in methods if m not in DERIVED]
    if unknown:
        raise UsageError(f"unknown resolution method {unknown[0]!r}; use "
                         f"{', '.join(DERIVED)}")


def _index_and_queried(store: Store, book: RecordBook, only: Collection[str] | None,
                       cache: Path | None) -> tuple[PersonIndex, list[Record]]:
    if only is None:
        persons = list(persons_with_birth_dates(store))
        book.add(persons)
        sizes: dict[str, int] = {}
        for p in persons:
            sizes[book[p.id].dataset] = sizes.get(book[p.id].dataset, 0) + 1
        largest = max(sizes, key=lambda d: sizes[d]) if len(sizes) > 1 else None
        queried = [book[p.id] for p in persons if book[p.id].dataset != largest]
        return build(store, cache, persons), queried
    persons = [e for e in entities_by_id(store, only)
               if e.schema.name == "Person" and e.get("birthDate")]
    book.add(persons)
    queried = [book[p.id] for p in persons]
    own = {r.dataset for r in queried}
    if not set(store.latest_editions()) - own:
        return PersonIndex(Years(), {}), []  # no other list to link to
    return load(store, cache, ignore=own), queried


class _Clock:
    def __init__(self, into: dict[str, float]) -> None:
        self.into = into
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.into[phase] = round(self.into.get(phase, 0.0) + now - self.last, 2)
        self.last = now


def derive(store: Store, methods: Sequence[str] = DERIVED,
           progress: Progress | None = None, *, only: Collection[str] | None = None,
           cache: Path | None = None, seconds: dict[str, float] | None = None
           ) -> tuple[dict[str, str], list[Judgement]]:
    """(each record's list, candidate links) from the latest editions, by `methods`; with
    `only`, the links naming one of those records. `seconds` gets the time of each phase."""
    _check(methods)
    clock = _Clock(seconds if seconds is not None else {})
    book = RecordBook(store)
    wanted = set(only) if only is not None else None
    found: list[Judgement] = []
    if "un-reference" in methods:
        found += by_un_reference(store, book, wanted)
        clock.lap("un-reference")
    if "identifier" in methods:
        found += by_identifier(store, book, wanted)
        clock.lap("identifier")
    if "org-name" in methods:
        found += by_org_name(store, book, wanted)
        clock.lap("org-name")
    if "person-name" in methods:
        found += by_person_name(store, book, wanted)
        clock.lap("person-name")
    if "name-dob" in methods and (wanted is None or wanted):
        index, queried = _index_and_queried(store, book, wanted, cache)
        clock.lap("name-dob index")
        found += by_name_and_birth_date(index, queried, progress)
        clock.lap("name-dob screening")
    if wanted is not None:
        found = [j for j in found if j.left in wanted or j.right in wanted]
    return {r.id: r.dataset for r in book.known().values()}, found


def resolve(store: Store, methods: Sequence[str] = DERIVED, *, dry_run: bool = False,
            progress: Progress | None = None, only: Collection[str] | None = None,
            cache: Path | None = None) -> ResolveReport:
    """Derive links (of the `only` records, when given) and record those on pairs not judged
    before (none with `dry_run`). `cache` keeps the screening index between runs."""
    _check(methods)
    resolution = Resolution(store.engine)
    report = ResolveReport(dry_run=dry_run, incremental=only is not None)
    dataset_of, found = derive(store, methods, progress, only=only, cache=cache,
                               seconds=report.seconds)
    clock = _Clock(report.seconds)
    report.records = len(set(only)) if only is not None else \
        sum(ed.entity_count for ed in store.latest_editions().values())
    for j in found:
        report.found[j.method] = report.found.get(j.method, 0) + 1
    judged = resolution.judged_pairs()
    merged = _merge(found)
    current = resolution.current()
    held = list(current.values())
    fresh = [j for j in merged if j.pair not in judged]
    report.already_judged = len(merged) - len(fresh)
    linked = {i for j in held + fresh for i in j.pair}
    dataset_of.update(datasets_of(store, linked - set(dataset_of)))
    facts = load_facts(store.engine, linked) if fresh else {}
    clock.lap("judged and facts")
    new, report.held_back, report.conflicting = _accepted(held, fresh, dataset_of, facts)
    for j in new:
        report.new[j.method] = report.new.get(j.method, 0) + 1
    if not dry_run:
        report.recorded = resolution.record(new)
    clock.lap("record")
    clusters = Clusters(held + new)
    sizes = clusters.sizes()
    report.clusters, report.clustered_records = len(sizes), sum(sizes)
    report.largest_cluster = sizes[0] if sizes else 0
    clock.lap("clusters")
    return report


def resolve_cache(keys: Path | None = None) -> Path:
    """Where the resolver keeps its screening index: beside the ledger's keys (by default
    COALITION_HOME/resolve)."""
    from coalition.settings import Settings

    return (keys.parent if keys is not None else Settings.from_env().home) / "resolve"


def link_edition(store: Store, diff: Diff | None, cache: Path | None = None,
                 progress: Progress | None = None) -> ResolveReport | None:
    """Link a new edition's added and changed records against every other list (what
    `coalition import` runs after writing an edition); None when nothing was added or
    changed."""
    if diff is None:
        return None
    ids = {c.entity_id for c in diff.added + diff.changed}
    if not ids:
        return None
    return resolve(store, only=ids, cache=cache, progress=progress)
