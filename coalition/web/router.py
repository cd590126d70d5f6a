"""`web_router(secret)`: the analysts' web application as one FastAPI router under /ui.

Mounted by `create_app`; its pages read the services the app holds (`app.state.services`).
Static assets are served from coalition/web/static by name (no directory listing, no paths).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from starlette.responses import FileResponse, Response

from coalition.errors import NotFoundError
from coalition.web.deps import load_session
from coalition.web.pages import (
    alerts,
    auth,
    candidates,
    dossier,
    inbox,
    joint,
    lists,
    news,
    screen,
    story,
    timeline,
)
from coalition.web.render import PREFIX
from coalition.web.routing import PageRoute
from coalition.web.session import SessionCodec
from coalition.web.throttle import FailedLogins

STATIC = Path(__file__).parent / "static"
ASSETS = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
PAGES = (auth, screen, dossier, joint, inbox, lists, news, story, timeline, alerts, candidates)
# Password guessing: a user name is held back after 10 failed log-ins in 5 minutes.
LOGIN_FAILURES, LOGIN_WINDOW = 10, 300.0


def static(name: str) -> Response:
    """A static asset by its name (the only files ever served from disk)."""
    if name not in ASSETS:
        raise NotFoundError(f"no asset {name!r}")
    return FileResponse(STATIC / name, media_type=ASSETS[name],
                        headers={"Cache-Control": "public, max-age=3600"})


def not_found(path: str) -> Response:
    """Any other address under /ui: the not-found page rather than the API's JSON."""
    raise NotFoundError(f"there is no page /ui/{path}; use the menu above")


def web_router(secret: str) -> APIRouter:
    """The web application's router; `secret` signs the session cookies."""
    codec = SessionCodec(secret, path=PREFIX)
    logins = FailedLogins(LOGIN_FAILURES, LOGIN_WINDOW)
    router = APIRouter(prefix=PREFIX, route_class=PageRoute, include_in_schema=False,
                       dependencies=[Depends(load_session(codec, logins))])
    router.add_api_route("/static/{name}", static, methods=["GET"])
    for module in PAGES:
        router.include_router(module.router)
    router.add_api_route("/{path:path}", not_found, methods=["GET"])
    return router
