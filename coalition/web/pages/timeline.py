"""An entity in the news: its timeline (the stories that mention it and the events it took
part in, by date, each event with its evidence sentence and place). ENTITY is an entity id or
a name seen in the news; listed entities link on to their dossier."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.monitor.alerts import is_listed
from coalition.monitor.repository import MonitorRepository
from coalition.monitor.timeline import story_titles, timeline
from coalition.web.deps import analyst, services
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)


@router.get("/news/entities/{entity}")
def news_entity(request: Request, entity: str, principal: Principal = Depends(analyst)) -> Response:
    repo: MonitorRepository = services(request).monitor
    entity_id, caption = repo.resolve_entity(entity)
    return page(request, "news_entity.html", title=caption, section="news", entity_id=entity_id,
                caption=caption, listed=is_listed(entity_id), rows=timeline(repo, entity_id),
                titles=story_titles(repo),
                watched=any(w["entity_id"] == entity_id and w["member"] == principal.member_id
                            for w in repo.watchlist()))
