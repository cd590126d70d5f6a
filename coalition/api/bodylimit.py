"""A limit on request bodies, as ASGI middleware: a declared `Content-Length` over the limit is
refused with 413 before a byte of the body is read; a body without one (chunked) is counted as
it arrives and refused as soon as it passes the limit."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coalition.api.errors import error_response


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self, size: int | None) -> str:
        got = f"{size:,} bytes" if size is not None else "more"
        return (f"request body of {got} is over the limit of {self.max_bytes:,} bytes "
                "(COALITION_API_MAX_BODY_BYTES); send smaller batches")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0:
                response = error_response(400, "the Content-Length header is not a number")
                await response(scope, receive, send)
                return
            if size > self.max_bytes:
                response = error_response(413, self._message(size))
                await response(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, self._message(None))
            return message

        await self.app(scope, counted, send)
