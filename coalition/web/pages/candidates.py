"""Candidate names: names found in the news that link to nothing. An analyst confirms one (a
new analyst entity, or an existing entity's id) or rejects it for good, as the API's monitor
router and `coalition monitor confirm|reject` do; the judgement names who made it."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.monitor import judging
from coalition.monitor.repository import MonitorRepository
from coalition.web.deps import analyst, services, session
from coalition.web.render import PREFIX, page, redirect
from coalition.web.routing import PageRoute
from coalition.web.session import Session, check_csrf

router = APIRouter(route_class=PageRoute)


def _repo(request: Request) -> MonitorRepository:
    return services(request).monitor  # type: ignore[no-any-return]


@router.get("/news/candidates")
def candidates(request: Request, principal: Principal = Depends(analyst)) -> Response:
    return page(request, "candidates.html", title="Candidate names", section="news",
                candidates=_repo(request).candidates())


@router.post("/news/candidates")
def judge(request: Request, name: Annotated[str, Form(min_length=1, max_length=500)],
          decision: Annotated[Literal["confirm", "reject"], Form()],
          entity: Annotated[str, Form(max_length=300)] = "",
          csrf_token: Annotated[str, Form()] = "", principal: Principal = Depends(analyst),
          sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    repo, who = _repo(request), f"{principal.member_id}/{principal.username}"
    if decision == "confirm":
        judging.confirm(repo, name, entity=entity.strip() or None, analyst=who)
    else:
        judging.reject(repo, name, analyst=who)
    return redirect(f"{PREFIX}/news/candidates")
