"""Linking names found in the news to list entities, behind a small seam.

`ListIndex` is the seam: `EntityIndex` answers from entities in memory (exact names, the
in-memory implementation tests use), `ScreeningIndex` asks the screening engine (fuzzy, scored,
explained) when `coalition.screening` is importable. `Linker` puts the curated aliases, the
list's names and the analysts' judgements together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from coalition.model import Entity
from coalition.monitor.gazetteer import Actor, Entry, Gazetteer, actor_entries, curated, norm_key

LINK_THRESHOLD = 0.8  # a screening score below this leaves the name a candidate
LIST_SCHEMATA = ("Person", "Organization", "LegalEntity", "Company", "PublicBody")


@dataclass(frozen=True)
class ListHit:
    """A list entity a name may stand for, with the index's confidence in [0, 1]."""

    entity_id: str
    caption: str
    schema: str
    score: float


class ListIndex(Protocol):
    """What linking needs from the list: entities by name and by source reference."""

    def lookup(self, name: str, schema: str | None = None) -> list[ListHit]:
        """List entities whose names fit `name`, best first."""
        ...

    def by_reference(self, ref: str) -> ListHit | None:
        """The entity made from a source record (`un-sc:QDe.115`), if the list holds it."""
        ...

    def entries(self) -> Iterable[Entry]:
        """Names of list entities that may be looked for in text directly."""
        ...


def _schema_fits(found: str, wanted: str | None) -> bool:
    if wanted is None or wanted == found:
        return True
    people = {"Person"}
    return (found in people) == (wanted in people)


class EntityIndex:
    """List entities in memory, found by exact name (casefolded words, any order)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_name: dict[str, list[ListHit]] = {}
        self._by_ref: dict[str, ListHit] = {}
        self._entries: list[Entry] = []
        for entity in entities:
            if entity.schema.name not in LIST_SCHEMATA and not any(
                    entity.schema.is_a(s) for s in LIST_SCHEMATA):
                continue
            hit = ListHit(entity.id, entity.caption, entity.schema.name, 1.0)
            for ref in entity.referents:
                self._by_ref.setdefault(ref, hit)
            for name in entity.names:
                key = " ".join(sorted(norm_key(name).split()))
                if key and hit not in self._by_name.setdefault(key, []):
                    self._by_name[key].append(hit)
                entry = list_entry(hit, name)
                if entry:
                    self._entries.append(entry)

    def lookup(self, name: str, schema: str | None = None) -> list[ListHit]:
        key = " ".join(sorted(norm_key(name).split()))
        return [h for h in self._by_name.get(key, ()) if _schema_fits(h.schema, schema)]

    def by_reference(self, ref: str) -> ListHit | None:
        return self._by_ref.get(ref)

    def entries(self) -> Iterable[Entry]:
        return self._entries


def list_entry(hit: ListHit, name: str) -> Entry | None:
    """A list name worth looking for in text: organisations of two words or more, people of
    three or more (two-word personal names are too common to look for without NER)."""
    words = norm_key(name).split()
    person = hit.schema == "Person"
    if len(words) < 2 or len(name) < 8 or (person and len(words) < 3):
        return None
    strong = len(words) >= 3
    return Entry(hit.entity_id, hit.caption, hit.schema, name, strong, "list")


class ScreeningIndex:
    """The screening engine behind the seam; references and gazetteer names come from the
    entities it was built from."""

    def __init__(self, screener: Any, query_type: Callable[..., Any],
                 entities: EntityIndex, threshold: float = LINK_THRESHOLD) -> None:
        self.screener = screener
        self.query_type = query_type
        self.exact = entities
        self.threshold = threshold

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> ScreeningIndex:
        from coalition.screening.query import Query
        from coalition.screening.screener import Screener

        items = list(entities)
        return cls(Screener.from_entities(items), Query.build, EntityIndex(items))

    def lookup(self, name: str, schema: str | None = None) -> list[ListHit]:
        exact = self.exact.lookup(name, schema)
        if exact:
            return exact
        query = self.query_type([name], schema=schema or "LegalEntity")
        hits = []
        for res in self.screener.match(query):
            if res.score >= self.threshold and _schema_fits(res.schema, schema):
                hits.append(ListHit(res.id, res.caption, res.schema, float(res.score)))
        return hits

    def by_reference(self, ref: str) -> ListHit | None:
        return self.exact.by_reference(ref)

    def entries(self) -> Iterable[Entry]:
        return self.exact.entries()


def default_index(entities: Iterable[Entity]) -> ListIndex:
    """The screening engine when it is installed and importable, exact names otherwise."""
    items = list(entities)
    try:
        return ScreeningIndex.from_entities(items)
    except ImportError:
        return EntityIndex(items)


@dataclass(frozen=True)
class Link:
    """What a name was linked to, and how sure the link is."""

    entity_id: str
    caption: str
    schema: str
    confidence: float
    how: str  # alias, list, screening, judgement


class Linker:
    """Curated actors resolved to list entities where the list holds them; names to entities."""

    def __init__(self, index: ListIndex | None = None,
                 actors: Iterable[Actor] | None = None) -> None:
        self.index = index or EntityIndex(())
        self.actors = {a.id: a for a in (actors if actors is not None else curated())}
        self._resolved: dict[str, Link] = {}
        entries = actor_entries(self.actors.values())
        entries.extend(self.index.entries())
        self.gazetteer = Gazetteer(entries)
        self._by_name: dict[str, Actor] = {}
        for actor in self.actors.values():
            for alias in actor.aliases:
                self._by_name.setdefault(norm_key(alias), actor)

    def resolve(self, entry: Entry) -> Link:
        """The entity a gazetteer entry stands for: a curated actor's list entity when the list
        holds one of its references (or its exact name), else the actor itself."""
        if entry.origin == "list":
            return Link(entry.target, entry.caption, entry.schema, 0.9 if entry.strong else 0.7,
                        "list")
        if entry.target in self._resolved:
            return self._resolved[entry.target]
        actor = self.actors[entry.target]
        link = Link(actor.id, actor.caption, actor.schema, 0.95, "alias")
        for ref in actor.listed:
            hit = self.index.by_reference(ref)
            if hit:
                link = Link(hit.entity_id, hit.caption, hit.schema, 0.95, "alias")
                break
        else:
            hits = [h for h in self.index.lookup(actor.caption, actor.schema) if h.score >= 0.99]
            if len(hits) == 1:
                link = Link(hits[0].entity_id, hits[0].caption, hits[0].schema, 0.9, "alias")
        self._resolved[entry.target] = link
        return link

    def actor_named(self, name: str) -> Actor | None:
        return self._by_name.get(norm_key(name))

    def link_name(self, name: str, schema: str | None) -> Link | None:
        """A name NER found: a curated alias, else the best list entity above the threshold."""
        actor = self.actor_named(name)
        if actor:
            return self.resolve(Entry(actor.id, actor.caption, actor.schema, name, True, "alias"))
        hits = self.index.lookup(name, schema)
        if not hits:
            return None
        best = hits[0]
        runner_up = hits[1] if len(hits) > 1 else None
        if runner_up and runner_up.score >= best.score - 0.02 \
                and runner_up.entity_id != best.entity_id:
            return None  # two list entities fit equally: an analyst decides
        how = "list" if best.score >= 1.0 else "screening"
        return Link(best.entity_id, best.caption, best.schema, round(best.score * 0.9, 3), how)
