"""Log in with a user name and password; log out."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form
from starlette.requests import Request
from starlette.responses import Response

from coalition.errors import RateLimitedError, UnauthorizedError
from coalition.web.deps import services, session
from coalition.web.render import PREFIX, page, redirect, safe_next
from coalition.web.routing import PageRoute
from coalition.web.session import Session, check_csrf

router = APIRouter(route_class=PageRoute)


@router.get("/")
def start(request: Request, sess: Session = Depends(session)) -> Response:
    """The start page: screening, the one page every role has."""
    return redirect(f"{PREFIX}/screen" if sess.user_id else f"{PREFIX}/login")


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    return page(request, "login.html", title="Log in", next=safe_next(next), username="",
                error=None)


@router.post("/login")
def login(request: Request, username: Annotated[str, Form(max_length=200)],
          password: Annotated[str, Form(max_length=1000)],
          csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "",
          sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    logins, key = request.state.logins, username.strip().lower()
    wait = logins.blocked(key)
    if wait is not None:
        raise RateLimitedError(f"too many log-in attempts for {username!r}; try again in "
                               f"{math.ceil(wait)} seconds", retry_after=wait)
    accounts: Any = services(request).accounts
    try:
        principal = accounts.verify_password(username, password)
    except UnauthorizedError:
        logins.failed(key)
        return page(request, "login.html", status=401, title="Log in", next=safe_next(next),
                    username=username, error="Unknown user name or wrong password.")
    logins.succeeded(key)
    sess.log_in(principal.user_id, principal.username)
    return redirect(safe_next(next))


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "",
           sess: Session = Depends(session)) -> Response:
    check_csrf(sess, csrf_token)
    response = redirect(f"{PREFIX}/login")
    request.state.codec.clear(response)
    sess.changed = False
    return response
