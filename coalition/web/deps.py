"""Who is looking, and what they may see: the viewer from the session, role checks, and the
services the application was built with (`app.state.services`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends
from starlette.requests import Request

from coalition.accounts import Principal
from coalition.errors import ForbiddenError, NotFoundError, UnauthorizedError
from coalition.exchange import Principal as ExchangePrincipal
from coalition.web.session import Session, SessionCodec
from coalition.web.throttle import FailedLogins

ANALYSTS = ("admin", "analyst")


def services(request: Request) -> Any:
    return request.app.state.services


def session(request: Request) -> Session:
    return request.state.session  # type: ignore[no-any-return]


def load_session(codec: SessionCodec, logins: FailedLogins) -> Callable[[Request], None]:
    """The router-wide dependency that reads the cookie before any page runs (and hands the
    pages the cookie codec and the limiter of log-in attempts)."""
    def load(request: Request) -> None:
        request.state.codec = codec
        request.state.logins = logins
        request.state.session = codec.load(request)
        request.state.viewer = None
    return load


def viewer(request: Request) -> Principal:
    """The logged-in user's principal; no session, or a user since disabled, removed or
    changed to another member or role, is a 401 (the session ends)."""
    sess = session(request)
    if sess.user_id is None or sess.username is None:
        raise UnauthorizedError("log in to see this page")
    try:
        user = services(request).accounts.user(sess.username)
    except NotFoundError:
        user = None
    if user is None or user.id != sess.user_id or user.disabled:
        sess.log_out()
        raise UnauthorizedError("your session ended; log in again")
    principal = Principal(user.id, user.username, user.member_id, user.role)
    request.state.viewer = principal
    return principal


def role(*roles: str) -> Callable[..., Any]:
    """A dependency admitting only viewers with one of `roles` (others get a 403 page)."""
    def check(principal: Principal = Depends(viewer)) -> Principal:
        if principal.role not in roles:
            raise ForbiddenError(f"this page is for the {' and '.join(roles)} roles; you are "
                                 f"signed in as {principal.role}")
        return principal
    return check


analyst = role(*ANALYSTS)


def exchange_principal(request: Request, principal: Principal) -> ExchangePrincipal:
    """The exchange's principal for the viewer: its member, and the exchange user that stands
    for its account (the same id, made on first use; no exchange token logs in as it), so the
    exchange's policy and audit name the analyst, as they do for the HTTP API."""
    return services(request).exchange.account(principal.user_id, principal.member_id,
                                              principal.username)
