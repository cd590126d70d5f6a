"""An entity's dossier: names in every script, identifiers, other facts, sources with their
list editions, each member's position and its history, related entities."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.ledger.consolidate import agreement_matrix
from coalition.model import Entity
from coalition.monitor.timeline import story_titles, timeline
from coalition.web.deps import analyst, services
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)

NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "firstName", "secondName",
              "middleName", "fatherName", "lastName")


def _facts(entity: Entity) -> tuple[list[Any], list[Any], list[Any]]:
    """The entity's statements split into names, identifiers and everything else."""
    names, idents, other = [], [], []
    for s in sorted(entity.statements, key=lambda s: (s.prop, s.value)):
        kind = entity.schema.properties[s.prop].type if s.prop in entity.schema.properties \
            else "string"
        if s.prop in NAME_PROPS:
            names.append(s)
        elif kind == "identifier":
            idents.append(s)
        elif kind != "entity":
            other.append(s)
    names.sort(key=lambda s: (NAME_PROPS.index(s.prop), s.value))
    return names, idents, other


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
    entity = svc.store.get(entity_id)
    names, idents, other = _facts(entity)
    history = svc.ledger.rows(entity=entity.id)
    today = date.today().isoformat()
    current = agreement_matrix(history, today)
    members = {m.id: m for m in svc.ledger.members()}
    related = svc.store.related(entity)
    return page(request, "dossier.html", title=entity.caption, section="", entity=entity,
                names=names, identifiers=idents, facts=other,
                sources=_sources(svc.store, entity), history=history,
                positions=current[0].positions if current else {}, members=members,
                today=today, related=related, timeline=timeline(svc.monitor, entity.id),
                titles=story_titles(svc.monitor))
