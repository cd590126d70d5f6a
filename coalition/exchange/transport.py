"""The seam for webhook POSTs: `HttpxTransport` sends them, `MemoryTransport` keeps them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx


@dataclass(frozen=True)
class Response:
    status: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Transport(Protocol):
    """POSTs a body to a URL; never raises for network failures (status 0 and the error)."""

    def post(self, url: str, headers: Mapping[str, str], body: bytes) -> Response: ...

    def close(self) -> None: ...


class HttpxTransport:
    """Webhook POSTs over HTTP(S) with connection reuse; redirects are not followed."""

    def __init__(self, timeout: float = 10.0, max_connections: int = 100) -> None:
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=False,
            limits=httpx.Limits(max_connections=max_connections,
                                max_keepalive_connections=max_connections))

    def post(self, url: str, headers: Mapping[str, str], body: bytes) -> Response:
        try:
            reply = self.client.post(url, headers=dict(headers), content=body)
        except httpx.HTTPError as exc:
            return Response(0, f"{type(exc).__name__}: {exc}")
        return Response(reply.status_code, None if reply.is_success
                        else f"HTTP {reply.status_code}: {reply.text[:200]}")

    def close(self) -> None:
        self.client.close()


@dataclass(frozen=True)
class Sent:
    url: str
    headers: dict[str, str]
    body: bytes


class MemoryTransport:
    """Keeps every POST; `respond` decides the answer per URL (200 by default)."""

    def __init__(self, respond: Callable[[str], int] | None = None) -> None:
        self.sent: list[Sent] = []
        self.respond = respond or (lambda url: 200)
        self._lock = threading.Lock()

    def post(self, url: str, headers: Mapping[str, str], body: bytes) -> Response:
        status = self.respond(url)
        with self._lock:
            self.sent.append(Sent(url, dict(headers), body))
        return Response(status, None if 200 <= status < 300 else f"HTTP {status}")

    def close(self) -> None:
        pass
