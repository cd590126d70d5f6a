"""Who is looking, and what they may see: the viewer from the session, role checks, and the
services the application was built with (`app.state.services`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends
from starlette.requests import Request

from coalition.errors import ForbiddenError, UnauthorizedError
from coalition.web.session import Session, SessionCodec

ANALYSTS = ("admin", "analyst")


def services(request: Request) -> Any:
    return request.app.state.services


def session(request: Request) -> Session:
    return request.state.session  # type: ignore[no-any-return]


def load_session(codec: SessionCodec) -> Callable[[Request], None]:
    """The router-wide dependency that reads the cookie before any page runs."""
    def load(request: Request) -> None:
        request.state.codec = codec
        request.state.session = codec.load(request)
        request.state.viewer = None
    return load


def viewer(request: Request) -> Any:
    """The logged-in user's principal; a missing, expired or revoked session is a 401."""
    sess = session(request)
    if sess.user_id is None:
        raise UnauthorizedError("log in to see this page")
    principal = services(request).accounts.principal(sess.user_id)
    if principal is None:  # the user was removed or disabled since logging in
        sess.user_id = None
        sess.changed = True
        raise UnauthorizedError("your session ended; log in again")
    request.state.viewer = principal
    return principal


def role(*roles: str) -> Callable[..., Any]:
    """A dependency admitting only viewers with one of `roles` (others get a 403 page)."""
    def check(principal: Any = Depends(viewer)) -> Any:
        if principal.role not in roles:
            raise ForbiddenError(f"this page is for the {' and '.join(roles)} roles; you are "
                                 f"signed in as {principal.role}")
        return principal
    return check


analyst = role(*ANALYSTS)


def exchange_principal(request: Request, principal: Any) -> Any:
    """The exchange's principal for the viewer: the viewer's member and user."""
    return services(request).exchange_principal(principal)
