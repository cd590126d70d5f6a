"""The joint list: the agreement matrix (entities × members) and the disagreements, on a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.api.params import STORE_INT_MAX
from coalition.ledger.entities import captions
from coalition.web.deps import analyst, services
from coalition.web.render import page
from coalition.web.routing import PageRoute

router = APIRouter(route_class=PageRoute)

PAGE = 200  # matrix rows per page


def _matrix_page(request: Request, entries: list[Any], as_of: str, offset: int,
                 which: str) -> Response:
    svc = services(request)
    shown = entries[offset:offset + PAGE]
    members = svc.ledger.members()
    used = sorted({m for e in entries for m in e.positions})
    columns = [m for m in members if m.id in used]
    names = captions(svc.store.engine, [e.entity_id for e in shown])
    return page(request, "joint.html", title="Disagreements" if which == "disagreements"
                else "Agreement matrix", section="joint", which=which, as_of=as_of,
                entries=shown, total=len(entries), offset=offset, page_size=PAGE,
                columns=columns, captions=names)


@router.get("/joint")
def matrix(request: Request, principal: Principal = Depends(analyst),
           as_of: str = Query("", max_length=10),
           offset: int = Query(0, ge=0, le=STORE_INT_MAX)) -> Response:
    as_of = as_of or date.today().isoformat()
    return _matrix_page(request, services(request).ledger.matrix(as_of), as_of, offset,
                        "matrix")


@router.get("/joint/disagreements")
def disagreements(request: Request, principal: Principal = Depends(analyst),
                  as_of: str = Query("", max_length=10),
                  offset: int = Query(0, ge=0, le=STORE_INT_MAX)) -> Response:
    as_of = as_of or date.today().isoformat()
    return _matrix_page(request, services(request).ledger.disagreements(as_of), as_of, offset,
                        "disagreements")
