"""A synchronous client over httpx's ASGI transport: the app runs in-process (lifespan
included) on an event loop in a helper thread, as it would under uvicorn."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from fastapi import FastAPI


class ApiClient:
    def __init__(self, app: FastAPI, token: str | None = None) -> None:
        self.app = app
        self.token = token
        self._portal_cm: AbstractContextManager[BlockingPortal] = start_blocking_portal()
        self.portal = self._portal_cm.__enter__()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        self._lifespan = app.router.lifespan_context(app)
        self.portal.call(self._lifespan.__aenter__)

    def as_(self, token: str | None) -> ApiClient:
        """The same app and event loop, another caller."""
        other = object.__new__(ApiClient)
        other.__dict__.update(self.__dict__)
        other.token = token
        return other

    def request(self, method: str, url: str, *, token: str | None = None,
                **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        token = token or self.token
        if token and "authorization" not in {k.lower() for k in headers}:
            headers["Authorization"] = f"Bearer {token}"
        call = partial(self.http.request, method, url, headers=headers, **kwargs)
        return self.portal.call(call)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self.portal.call(self._lifespan.__aexit__, None, None, None)
        self.portal.call(self.http.aclose)
        self._portal_cm.__exit__(None, None, None)
