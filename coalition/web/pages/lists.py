"""The loaded lists, each list's editions, and what changed between two editions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.web.deps import analyst, services
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)


@router.get("/lists")
def lists(request: Request, principal: Principal = Depends(analyst)) -> Response:
    store = services(request).store
    titles = {d.name: d for d in store.datasets()}
    latest = sorted(store.latest_editions().values(), key=lambda e: e.dataset)
    return page(request, "lists.html", title="Lists", section="lists", latest=latest,
                titles=titles)


@router.get("/lists/{dataset}")
def editions(request: Request, dataset: str, principal: Principal = Depends(analyst),
             old: str = Query("", max_length=40), new: str = Query("", max_length=40)
             ) -> Response:
    store = services(request).store
    diff = store.diff(dataset, old or None, new or None)
    info = {d.name: d for d in store.datasets()}.get(dataset)
    return page(request, "editions.html", title=f"Editions of {dataset}", section="lists",
                dataset=dataset, info=info, editions=store.editions(dataset), diff=diff)
