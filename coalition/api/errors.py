"""One JSON body for every error the API returns:

    {"error": {"status": 404, "type": "not_found", "message": "...", "where": "..."}}

`where` appears when the error names a place (a query key, a field); validation errors add
`details`, a list of {"loc", "message"}. Package errors (the `CoalitionError` tree) keep their
HTTP status; routing errors (404, 405), validation (422), oversized bodies (413), rate limits
(429) and anything unexpected (500, logged with its traceback, never sent) have the same
shape. 401 and 403 are logged with the method, path and caller.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from coalition.errors import CoalitionError, RateLimitedError, UnauthorizedError

log = logging.getLogger("coalition.api")
audit = logging.getLogger("coalition.api.auth")

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# a type per status the API uses; others fall back to the HTTP phrase
TYPES = {413: "payload_too_large", 422: "invalid_request"}


class ErrorDetail(BaseModel):
    loc: str
    message: str


class Error(BaseModel):
    status: int = Field(..., examples=[404])
    type: str = Field(..., examples=["not_found"])
    message: str = Field(..., examples=["no entity or source record 'un-sc:QDi.999'"])
    where: str | None = Field(None, examples=["queries.q1.properties"])
    details: list[ErrorDetail] | None = None


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: Error


# documented on every route (OpenAPI), in the one error format
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text} for status, text in (
        (400, "Bad request: malformed JSON or a value the service refuses (`where` says which)"),
        (401, "No credentials, or unknown, revoked or disabled ones"),
        (403, "The caller's role or member may not do this"),
        (404, "No such path, entity, member or statement"),
        (409, "The request contradicts what is stored (a user that exists, a missing key)"),
        (413, "Request body over COALITION_API_MAX_BODY_BYTES"),
        (422, "A parameter or body field is invalid (`details` lists each)"),
        (429, "The token's rate limit is reached; see Retry-After"),
    )
}


def error_type(status: int) -> str:
    if status in TYPES:
        return TYPES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def error_body(status: int, message: str, *, where: str | None = None,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"status": status, "type": error_type(status), "message": message}
    if where:
        error["where"] = where
    if details:
        error["details"] = details
    return {"error": error}


def error_response(status: int, message: str, *, where: str | None = None,
                   details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body = orjson.dumps(error_body(status, message, where=where, details=details))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def _log_denied(request: Request, status: int, message: str) -> None:
    if status in (401, 403):
        principal = getattr(request.state, "principal", None)
        who = principal.username if principal is not None else "anonymous"
        client = request.client.host if request.client else "-"
        audit.warning("%s %s %s refused for %s from %s: %s", status, request.method,
                      request.url.path, who, client, message)


async def coalition_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CoalitionError)
    status = exc.status if 400 <= exc.status < 600 else 500
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc, exc_info=exc)
        return error_response(500, "internal error: the server could not answer; it is logged")
    headers = {}
    if isinstance(exc, UnauthorizedError):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, RateLimitedError):
        headers["Retry-After"] = str(max(1, round(exc.retry_after + 0.5)))
    _log_denied(request, status, exc.message)
    return error_response(status, exc.message, where=exc.where, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail if isinstance(exc.detail, str) else error_type(exc.status_code)
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"no such path: {request.method} {request.url.path}; see /docs"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        message = (f"{request.method} is not allowed on {request.url.path}; it allows "
                   f"{', '.join(allowed)}")
        headers["Allow"] = ", ".join(allowed)
    _log_denied(request, exc.status_code, message)
    return error_response(exc.status_code, message, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path (Starlette names only the first route's)."""
    return [method for method in METHODS
            if any(route.matches({**request.scope, "method": method})[0] == Match.FULL
                   for route in request.app.router.routes)]


def _loc(loc: Any) -> str:
    return ".".join(str(p) for p in loc)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details = [{"loc": _loc(e.get("loc", ())), "message": e.get("msg", "invalid")}
               for e in exc.errors()]
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return error_response(400, "the request body is not valid JSON", details=details)
    first = details[0] if details else {"loc": "", "message": "invalid request"}
    return error_response(422, f"{first['loc']}: {first['message']}", details=details)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal error: the server could not answer; it is logged")


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""
    app.add_exception_handler(CoalitionError, coalition_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
