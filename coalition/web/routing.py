"""How every page is served: errors become HTML pages (a missing or expired session becomes a
redirect to the log-in page), the session cookie is written back when it changed, and every
response carries the security headers (a Content-Security-Policy that allows only this
application's own scripts, styles and images)."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from coalition.errors import CoalitionError, RateLimitedError, UnauthorizedError
from coalition.web.render import PREFIX, page, redirect

log = logging.getLogger("coalition.web")

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
TITLES = {400: "Not understood", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
          409: "Conflict", 413: "Too large", 422: "Not readable", 429: "Too many attempts"}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ())[1:]) or "the form"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request was not understood"


def error_page(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", status=status, title=TITLES.get(status, "Error"),
                message=message)


class PageRoute(APIRoute):
    """An APIRoute whose errors are pages, not the API's JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def serve(request: Request) -> Response:
            try:
                response = await handler(request)
            except UnauthorizedError:
                target = f"{PREFIX}/login"
                if request.method == "GET":
                    here = request.url.path + (f"?{request.url.query}" if request.url.query
                                               else "")
                    target += "?next=" + quote(here, safe="")
                response = redirect(target)
            except RequestValidationError as exc:
                response = error_page(request, 400, _validation_message(exc))
            except CoalitionError as exc:
                status = exc.status if 400 <= exc.status < 500 else 500
                if status == 403:
                    viewer = getattr(request.state, "viewer", None)
                    log.warning("403 %s %s for %s: %s", request.method, request.url.path,
                                getattr(viewer, "username", "anonymous"), exc.message)
                if status == 500:
                    log.exception("error serving %s", request.url.path)
                message = exc.message if status < 500 else "the server failed; it is logged"
                response = error_page(request, status, message)
                if isinstance(exc, RateLimitedError):
                    response.headers["Retry-After"] = str(math.ceil(exc.retry_after))
            session = getattr(request.state, "session", None)
            if session is not None and session.changed:
                request.state.codec.save(request, response, session)
            for key, value in HEADERS.items():
                response.headers.setdefault(key, value)
            return response

        return serve
