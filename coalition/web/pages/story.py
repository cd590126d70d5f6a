"""A story of the news: its articles, the entities it names, and its events (who met whom,
who said what, who called for what), each with its evidence sentence, date and place."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.monitor.network import build
from coalition.monitor.repository import MonitorRepository
from coalition.web.deps import analyst, services
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)


@router.get("/news/stories/{story_id}")
def story(request: Request, story_id: str, principal: Principal = Depends(analyst)) -> Response:
    repo: MonitorRepository = services(request).monitor
    found = repo.story(story_id)
    entities = build(repo.mentions(status="linked", story=story_id)).nodes
    return page(request, "story.html", title=found["title"], section="news", story=found,
                articles=repo.story_sources(story_id), entities=entities,
                events=repo.events(story=story_id))
