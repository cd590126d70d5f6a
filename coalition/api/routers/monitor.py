"""The news monitor: stories, mentions, events, an entity's timeline, the co-mention network
(JSON or GraphML), candidate names to confirm or reject, the caller's member's watchlist and
alerts. Analysts only; a member sees and sets only its own watchlist and alerts."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from coalition.accounts import Principal, Role
from coalition.api.auth import require_role
from coalition.api.paging import LIMIT, OFFSET, page
from coalition.monitor import judging
from coalition.monitor.alerts import watch_entity
from coalition.monitor.network import build, to_graphml
from coalition.monitor.repository import MonitorRepository
from coalition.monitor.timeline import timeline

router = APIRouter(prefix="/monitor", tags=["Monitor"])
ANALYST = require_role(Role.ANALYST)


def _repo(request: Request) -> MonitorRepository:
    return request.app.state.services.monitor  # type: ignore[no-any-return]


def _same(row: dict[str, Any]) -> dict[str, Any]:
    return row


@router.get("/stories", summary="Stories: articles about the same event, merged")
def stories(request: Request, limit: int = LIMIT, offset: int = OFFSET,
            principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Stories by publication date."""
    return page(_repo(request).stories(), limit, offset, _same)


@router.get("/mentions", summary="Names found in the news and what they link to")
def mentions(request: Request, entity: str | None = Query(None, max_length=300),
             status: Literal["linked", "candidate", "rejected"] | None = None,
             story: str | None = Query(None, max_length=100), limit: int = LIMIT,
             offset: int = OFFSET, principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Mentions with their article, offsets, status and linked entity."""
    return page(_repo(request).mentions(entity=entity, status=status, story=story), limit,
                offset, _same)


@router.get("/events", summary="Who met whom, who said what, who called for what")
def events(request: Request, entity: str | None = Query(None, max_length=300),
           kind: Literal["met", "said", "called_for"] | None = None, limit: int = LIMIT,
           offset: int = OFFSET, principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Events with date, place, summary and the sentence they come from."""
    return page(_repo(request).events(entity=entity, kind=kind), limit, offset, _same)


@router.get("/entities/{entity}/timeline", summary="An entity's stories and events by date")
def entity_timeline(request: Request, entity: str,
                    principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """ENTITY is an entity id or a name seen in the news."""
    repo = _repo(request)
    entity_id, caption = repo.resolve_entity(entity)
    return {"entity_id": entity_id, "caption": caption, "timeline": timeline(repo, entity_id)}


@router.get("/network", summary="The co-mention network (JSON or GraphML)",
            responses={200: {"content": {"application/graphml+xml": {}}}})
def network(request: Request, min_weight: int = Query(1, ge=1, le=10_000),
            format: Literal["json", "graphml"] = "json",
            principal: Principal = Depends(ANALYST)) -> Any:
    """Linked entities as nodes, an edge per pair mentioned in the same story, weighted by
    the number of such stories; `format=graphml` for Gephi, yEd or networkx."""
    net = build(_repo(request).mentions(status="linked"), min_weight=min_weight)
    if format == "graphml":
        return Response(to_graphml(net), media_type="application/graphml+xml")
    return net.to_dict()


@router.get("/candidates", summary="Names that link to nothing yet")
def candidates(request: Request, principal: Principal = Depends(ANALYST)) -> list[Any]:
    """Names found in the news that link to no entity, most stories first."""
    return _repo(request).candidates()


class Judgement(BaseModel):
    name: str = Field(..., min_length=1, max_length=500, description="The candidate name.")
    decision: Literal["confirm", "reject"]
    entity: str | None = Field(None, max_length=300, description="confirm: link to this "
                               "entity id (default: a new analyst entity).")
    caption: str | None = Field(None, max_length=500)


@router.post("/candidates", summary="Confirm or reject a candidate name")
def judge(request: Request, body: Judgement,
          principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """A confirmed name links its past and future mentions; a rejected one is never proposed
    again. The judgement records who made it."""
    repo = _repo(request)
    who = f"{principal.member_id}/{principal.username}"
    if body.decision == "confirm":
        judged = judging.confirm(repo, body.name, entity=body.entity, caption=body.caption,
                                 analyst=who)
    else:
        judged = judging.reject(repo, body.name, analyst=who)
    return {"name": judged.name, "decision": judged.decision, "entity_id": judged.entity_id,
            "changed": judged.changed}


class WatchIn(BaseModel):
    entity: str = Field(..., min_length=1, max_length=300, description="An entity id, a name "
                        "seen in the news, or `listed` for every listed entity.")


@router.get("/watchlist", summary="Your member's watchlist")
def watchlist(request: Request, principal: Principal = Depends(ANALYST)) -> list[Any]:
    return [r for r in _repo(request).watchlist() if r["member"] == principal.member_id]


@router.post("/watchlist", status_code=201, summary="Watch an entity for your member")
def watch(request: Request, body: WatchIn,
          principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Alerts are raised for your member when the entity appears in a story (stories already
    stored included)."""
    entity_id, caption, new = watch_entity(_repo(request), principal.member_id, body.entity)
    return {"member": principal.member_id, "entity_id": entity_id, "caption": caption,
            "new_alerts": new}


@router.get("/alerts", summary="Your member's alerts")
def alerts(request: Request, principal: Principal = Depends(ANALYST)) -> list[Any]:
    """A watched entity in a story: one alert per story, however many articles."""
    return _repo(request).alerts(principal.member_id)
