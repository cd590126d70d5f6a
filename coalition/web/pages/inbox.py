"""The inbox of warnings and requests for the viewer's member, with acknowledge and reply.

Every read goes through the exchange's access-policy reads (`list_items`, `get`); an item the
viewer may not read is "not found", whether it exists or not.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query
from starlette.requests import Request
from starlette.responses import Response

from coalition.accounts import Principal
from coalition.exchange.items import ReplyStatus
from coalition.web.deps import analyst, exchange_principal, services, session
from coalition.web.render import PREFIX, page, redirect
from coalition.web.routing import PageRoute
from coalition.web.session import Session, check_csrf

router = APIRouter(route_class=PageRoute)

KINDS = {"": "All", "warning": "Warnings", "request": "Requests"}


@router.get("/inbox")
def inbox(request: Request, principal: Principal = Depends(analyst),
          kind: str = Query("", pattern="^(warning|request)?$")) -> Response:
    items = services(request).exchange.list_items(exchange_principal(request, principal),
                                                   kind=kind or None)
    return page(request, "inbox.html", title="Inbox", section="inbox", items=items, kind=kind,
                kinds=KINDS)


@router.get("/inbox/{item_id}")
def item(request: Request, item_id: str, principal: Principal = Depends(analyst)) -> Response:
    view = services(request).exchange.get(exchange_principal(request, principal), item_id)
    return page(request, "item.html", title=view.title, section="inbox", item=view,
                member=principal.member_id, statuses=list(ReplyStatus))


@router.post("/inbox/{item_id}/acknowledge")
def acknowledge(request: Request, item_id: str, principal: Principal = Depends(analyst),
                csrf_token: Annotated[str, Form()] = "",
                sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    services(request).exchange.acknowledge(exchange_principal(request, principal), item_id)
    return redirect(f"{PREFIX}/inbox/{item_id}")


@router.post("/inbox/{item_id}/reply")
def reply(request: Request, item_id: str, question: Annotated[int, Form(ge=1, le=1000)],
          status: Annotated[ReplyStatus, Form()],
          text: Annotated[str, Form(max_length=20_000)] = "",
          csrf_token: Annotated[str, Form()] = "", principal: Principal = Depends(analyst),
          sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    services(request).exchange.reply(exchange_principal(request, principal), item_id, question,
                                     status, text)
    return redirect(f"{PREFIX}/inbox/{item_id}")
