"""The seam for webhook POSTs: `HttpxTransport` sends them, `MemoryTransport` keeps them."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import certifi
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
    """Webhook POSTs over HTTP(S) with connection reuse; redirects are not followed.

    One client (and connection pool) per receiving origin: httpcore's pool looks at every
    connection it holds on each request, so one pool for 50 members' endpoints spent more time
    choosing a connection than sending."""

    def __init__(self, timeout: float = 10.0, per_origin: int = 8) -> None:
        self.timeout = timeout
        self.limits = httpx.Limits(max_connections=per_origin,
                                   max_keepalive_connections=per_origin)
        self.clients: dict[str, httpx.Client] = {}
        self._lock = threading.Lock()
        self._tls: ssl.SSLContext | None = None  # made once, on the first https endpoint

    def _client(self, url: str) -> httpx.Client:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        client = self.clients.get(origin)
        if client is None:
            with self._lock:
                client = self.clients.get(origin)
                if client is None:
                    verify: ssl.SSLContext | bool = False  # plain HTTP: no CA bundle to load
                    if parts.scheme == "https":
                        if self._tls is None:
                            self._tls = ssl.create_default_context(cafile=certifi.where())
                        verify = self._tls
                    client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                          limits=self.limits, verify=verify)
                    self.clients[origin] = client
        return client

    def post(self, url: str, headers: Mapping[str, str], body: bytes) -> Response:
        try:
            reply = self._client(url).post(url, headers=dict(headers), content=body)
        except httpx.HTTPError as exc:
            return Response(0, f"{type(exc).__name__}: {exc}")
        return Response(reply.status_code, None if reply.is_success
                        else f"HTTP {reply.status_code}: {reply.text[:200]}")

    def close(self) -> None:
        with self._lock:
            for client in self.clients.values():
                client.close()
            self.clients.clear()


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
