"""Which records of the official lists name one real-world entity, and that entity whole.

The resolution judgements (links.py) cluster records (clusters.py); a cluster is the entity,
known by its UN record when it has one. From the judgements that hold now this module gives

    entity_map(engine)           record id -> entity id, for every record of a cluster of
                                 two or more (what the screener merges by)
    Identity.of(engine)          the clusters, to look an entity up by any of its record ids
    merged_entity(store, ref)    one Entity with the statements of every record of the
                                 entity: each value with the list and record that say it
    merged_ftm(engine, ids)      the same as FtM JSON, in bulk, for API results
    store_screener(store)        a screener over the lists, one record per entity

UN references need nothing of their own here: `coalition resolve` records them as
`un-reference` links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from coalition.errors import NotFoundError, UsageError
from coalition.ledger import tables as t
from coalition.ledger.clusters import Clusters
from coalition.ledger.entities import load_ftm
from coalition.ledger.links import Resolution
from coalition.model import Entity
from coalition.model.schema import common_schema
from coalition.screening import Screener
from coalition.store import Store


class HasEngine(Protocol):
    @property
    def engine(self) -> Engine: ...


def _engine(source: Engine | HasEngine) -> Engine:
    return source if isinstance(source, Engine) else source.engine


class Identity:
    """The entities the current judgements make of the records."""

    def __init__(self, clusters: Clusters) -> None:
        self.clusters = clusters

    @classmethod
    def of(cls, source: Engine | HasEngine) -> Identity:
        """From the judgements that hold now in a store (an engine, a Store or a Ledger)."""
        return cls(Clusters(Resolution(_engine(source)).current().values()))

    def entity_of(self, record_id: str) -> str:
        """The entity id of a record (its own id when it is linked to nothing)."""
        return self.clusters.of(record_id)

    def records_of(self, record_id: str) -> list[str]:
        """Every record of the entity of `record_id` (an entity id is one of them), the
        record the entity is named after first."""
        return self.clusters.referents(record_id)

    def mapping(self) -> dict[str, str]:
        """record id -> entity id, for the records of entities with two records or more."""
        named = {eid: self.clusters.of(eid) for eid in self.clusters.parent}
        sizes = Counter(named.values())
        return {eid: name for eid, name in named.items() if sizes[name] > 1}


def entity_map(source: Engine | HasEngine) -> dict[str, str]:
    """record id -> entity id from the current judgements (see Identity.mapping)."""
    return Identity.of(source).mapping()


def merged_entity(store: Store, ref: str, identity: Identity | None = None) -> Entity:
    """The entity of a record id, an entity id or a source reference (`un-sc:QDi.001`):
    every statement of every record of it, under the entity id. Statements keep their own
    list and record, so each value says who says it; `referents` and `datasets` list them
    all. A record linked to nothing comes back as it is."""
    first = store.get(ref)
    identity = identity or Identity.of(store)
    ids = identity.records_of(first.id)
    if len(ids) < 2:
        return first
    parts = []
    for rid in ids:
        try:
            parts.append(first if rid == first.id else store.get(rid))
        except NotFoundError:  # submitted with a statement, not on an imported list
            continue
    entity = Entity(parts[0].schema, identity.entity_of(first.id))
    for part in parts:
        try:
            common_schema(entity.schema.name, part.schema.name)
        except UsageError:  # a record of another kind (a wrong link) stays out of it
            continue
        entity.merge(part)
    return entity


def _merge_ftm(entity_id: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """FtM JSON of records of one entity merged: values, lists and records united."""
    props: dict[str, list[str]] = {}
    schema = parts[0]["schema"]
    for part in parts:
        try:
            schema = common_schema(schema, part["schema"])
        except UsageError:  # a record of another kind (a wrong link) stays out of it
            continue
        for prop, values in (part.get("properties") or {}).items():
            known = props.setdefault(prop, [])
            known.extend(v for v in values if v not in known)
    out: dict[str, Any] = {
        "id": entity_id, "schema": schema, "properties": props,
        "datasets": sorted({d for p in parts for d in p.get("datasets", [])}),
        "referents": sorted({r for p in parts for r in p.get("referents", [])}),
    }
    first = [p["first_seen"] for p in parts if p.get("first_seen")]
    last = [p["last_seen"] for p in parts if p.get("last_seen")]
    if first:
        out["first_seen"], out["last_seen"] = min(first), max(last)
    return out


def merged_ftm(engine: Engine, ids: Iterable[str],
               identity: Identity) -> dict[str, dict[str, Any]]:
    """id -> FtM JSON of its entity, merged from every record of it (store or ledger)."""
    wanted = list(dict.fromkeys(ids))
    members = {i: identity.records_of(i) for i in wanted}
    loaded = load_ftm(engine, {r for rs in members.values() for r in rs})
    out = {}
    for i, records in members.items():
        parts = [loaded[r] for r in records if r in loaded]
        if not parts:
            continue
        out[i] = parts[0] if len(parts) == 1 else _merge_ftm(identity.entity_of(i), parts)
    return out


def store_screener(store: Store, dataset: str | None = None, *, cache: Path | None = None,
                   **kwargs: Any) -> Screener:
    """A screener over the store's lists with one record per entity (the current links);
    over one list's own records with `dataset`. `cache`: see Screener.from_store."""
    mapping = entity_map(store) if dataset is None else None
    return Screener.from_store(store, dataset, cache=cache, entity_ids=mapping, **kwargs)


def links_version(engine: Engine) -> int:
    """The id of the latest judgement recorded (0: none): it grows with every new one."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(t.links.c.id))).scalar() or 0)


def value_sources(entity: Entity) -> dict[str, list[dict[str, Any]]]:
    """Per property, each value with the lists and source records that say it (a value
    two lists give is one entry naming both)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for prop, values in entity.properties.items():
        rows: dict[str, dict[str, Any]] = {}
        for s in entity.statements_of(prop):
            row = rows.setdefault(s.value, {"value": s.value, "datasets": [],
                                            "referents": []})
            if s.dataset not in row["datasets"]:
                row["datasets"].append(s.dataset)
            if s.reference not in row["referents"]:
                row["referents"].append(s.reference)
        out[prop] = [rows[v] for v in dict.fromkeys(values)]
    return out


def entity_ftm(entity: Entity) -> dict[str, Any]:
    """FtM JSON of an entity, merged or not, each value once (two lists giving the same
    value are two statements; `value_sources` says who gives which)."""
    data = entity.to_ftm()
    data["properties"] = {p: list(dict.fromkeys(vs)) for p, vs in data["properties"].items()}
    return data


def related_of(store: Store, entity: Entity) -> list[Entity]:
    """The sanctions, documents, addresses and links made from the entity's source records
    (not those records themselves, which a merged entity is made of)."""
    own = {s.entity_id for s in entity.statements} | {entity.id}
    return [r for r in store.related(entity) if r.id not in own]
