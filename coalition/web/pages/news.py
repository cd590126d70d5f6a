"""The monitor: stories from the news and the co-mention network of linked entities."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.monitor.network import build
from coalition.monitor.repository import MonitorRepository
from coalition.web.deps import analyst, services
from coalition.web.network_svg import SIZE, layout
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)

STORIES = 200


@router.get("/news")
def news(request: Request, principal: Principal = Depends(analyst)) -> Response:
    repo: MonitorRepository = services(request).monitor
    stories = repo.stories()
    stories.reverse()  # newest first
    net = build(repo.mentions(status="linked"))
    points, lines = layout(net)
    return page(request, "news.html", title="News", section="news",
                stories=stories[:STORIES], story_count=len(stories), points=points,
                lines=lines, size=SIZE, nodes=len(net.nodes), edges=len(net.edges))
