"""The viewer's member's watchlist and alerts: a watched entity named in a story, one alert
per story however many articles. Analysts watch an entity (with the TLP of the warnings its
alerts raise) or stop watching it, as `coalition monitor watch` does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.exchange import TLP
from coalition.monitor.alerts import unwatch_entity, watch_entity
from coalition.monitor.repository import MonitorRepository
from coalition.web.deps import analyst, services, session
from coalition.web.render import PREFIX, page, redirect
from coalition.web.routing import PageRoute
from coalition.web.session import Session, check_csrf

router = APIRouter(route_class=PageRoute)

WATCH_TLPS = [t.value for t in TLP if t is not TLP.RED]


def _repo(request: Request) -> MonitorRepository:
    return services(request).monitor  # type: ignore[no-any-return]


@router.get("/news/alerts")
def alerts(request: Request, principal: Principal = Depends(analyst)) -> Response:
    repo = _repo(request)
    mine = [w for w in repo.watchlist() if w["member"] == principal.member_id]
    return page(request, "alerts.html", title="Alerts", section="news", watchlist=mine,
                alerts=repo.alerts(principal.member_id), tlps=WATCH_TLPS,
                member=principal.member_id)


@router.post("/news/watch")
def watch(request: Request, entity: Annotated[str, Form(min_length=1, max_length=300)],
          tlp: Annotated[str, Form(max_length=20)] = "AMBER",
          csrf_token: Annotated[str, Form()] = "",
          principal: Principal = Depends(analyst), sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    watch_entity(_repo(request), principal.member_id, entity.strip(), tlp)
    return redirect(f"{PREFIX}/news/alerts")


@router.post("/news/unwatch")
def unwatch(request: Request, entity: Annotated[str, Form(min_length=1, max_length=300)],
            csrf_token: Annotated[str, Form()] = "", principal: Principal = Depends(analyst),
            sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    unwatch_entity(_repo(request), principal.member_id, entity)
    return redirect(f"{PREFIX}/news/alerts")
