"""An entity's dossier: names in every script, identifiers, other facts, sources with their
list editions, each member's position and its history, related entities.

The entity is the real-world one: asked for by its id or by the id of any of its records,
the dossier shows every list's record of it merged (the resolution links say which), each
value once with the lists and records that give it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.ledger.consolidate import agreement_matrix
from coalition.ledger.identity import merged_entity, related_of
from coalition.model import Entity
from coalition.monitor.timeline import story_titles, timeline
from coalition.web.deps import analyst, services
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)

NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "firstName", "secondName",
              "middleName", "fatherName", "lastName")


@dataclass
class Fact:
    """One value of a property with every list and record that gives it."""

    prop: str
    value: str
    lang: str | None
    datasets: list[str]
    references: list[str]
    first_seen: str | None
    last_seen: str | None

    @property
    def reference(self) -> str:
        return ", ".join(self.references)


def _values(entity: Entity, prop: str) -> list[Fact]:
    out: dict[tuple[str, str | None], Fact] = {}
    for s in entity.statements_of(prop):
        fact = out.setdefault((s.value, s.lang), Fact(prop, s.value, s.lang, [], [],
                                                       s.first_seen, s.last_seen))
        if s.dataset not in fact.datasets:
            fact.datasets.append(s.dataset)
        if s.reference not in fact.references:
            fact.references.append(s.reference)
        if s.first_seen and (not fact.first_seen or s.first_seen < fact.first_seen):
            fact.first_seen = s.first_seen
        if s.last_seen and (not fact.last_seen or s.last_seen > fact.last_seen):
            fact.last_seen = s.last_seen
    return list(out.values())


def _facts(entity: Entity) -> tuple[list[Fact], list[Fact], list[Fact]]:
    """The entity's values split into names, identifiers and everything else."""
    names, idents, other = [], [], []
    for prop in sorted(entity.properties):
        kind = entity.schema.properties[prop].type if prop in entity.schema.properties \
            else "string"
        facts = sorted(_values(entity, prop), key=lambda f: f.value)
        if prop in NAME_PROPS:
            names.extend(facts)
        elif kind == "identifier":
            idents.extend(facts)
        elif kind != "entity":
            other.extend(facts)
    names.sort(key=lambda f: (NAME_PROPS.index(f.prop), f.value))
    return names, idents, other


def _news(monitor: Any, record_ids: list[str]) -> list[dict[str, Any]]:
    """The timeline of every record of the entity, each row once, oldest first."""
    rows, seen = [], set()
    for rid in record_ids:
        for row in timeline(monitor, rid):
            key = (row["kind"], row["article_id"], row["text"])
            if key not in seen:
                seen.add(key)
                rows.append(row)
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["kind"] != "mentioned"))
    return rows


def _sources(store: Any, entity: Entity) -> list[dict[str, Any]]:
    """Each source record with when it was seen and the editions of its list."""
    out, editions_of = [], {}
    for ref in entity.referents:
        stmts = [s for s in entity.statements if s.reference == ref]
        dataset = stmts[0].dataset
        first = min((s.first_seen for s in stmts if s.first_seen), default=None)
        last = max((s.last_seen for s in stmts if s.last_seen), default=None)
        if dataset not in editions_of:
            editions_of[dataset] = store.editions(dataset)
        editions = editions_of[dataset]
        out.append({"reference": ref, "dataset": dataset, "first_seen": first,
                    "last_seen": last, "editions": editions,
                    "current": bool(editions) and last == max(e.list_date for e in editions)})
    return out


@router.get("/entities/{entity_id}")
def dossier(request: Request, entity_id: str, principal: Principal = Depends(analyst)) -> Response:
    svc = services(request)
    identity = svc.screening.identity()
    entity = merged_entity(svc.store, entity_id, identity)
    records = sorted({s.entity_id for s in entity.statements} | {entity.id})
    names, idents, other = _facts(entity)
    history = sorted((r for rid in records for r in svc.ledger.rows(entity=rid)),
                     key=lambda r: r.log_index)
    today = date.today().isoformat()
    current = agreement_matrix(history, today, clusters=identity.clusters)
    members = {m.id: m for m in svc.ledger.members()}
    related = related_of(svc.store, entity)
    return page(request, "dossier.html", title=entity.caption, section="", entity=entity,
                names=names, identifiers=idents, facts=other,
                sources=_sources(svc.store, entity), history=history,
                positions=current[0].positions if current else {}, members=members,
                today=today, related=related, timeline=_news(svc.monitor, records),
                titles=story_titles(svc.monitor))
