"""The receiving end of webhooks: checks the signature and the timestamp, and hands on each
delivery id once (receivers deduplicate, since a sender may repeat a POST after a crash).

`WebhookReceiver` is the logic; `ReceiverServer` serves it over HTTP on a local port, for a
member's small receiving node, the fault tests and the benchmark.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson

from coalition.errors import UnauthorizedError, UsageError
from coalition.exchange.signing import webhook_signature_valid

MAX_BODY = 16 * 1024 * 1024


class WebhookReceiver:
    """Verifies signed webhook POSTs and keeps each delivery id once."""

    def __init__(self, secret: str, tolerance: float = 300.0,
                 on_delivery: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.secret = secret
        self.tolerance = tolerance
        self.on_delivery = on_delivery
        self.seen: dict[str, dict[str, Any]] = {}
        self.accepted: list[str] = []  # delivery ids in the order they were first accepted
        self.posts = 0
        self.repeats = 0  # deliveries received again under an id already seen
        self._lock = threading.Lock()

    def accept(self, headers: dict[str, str], body: bytes) -> list[dict[str, Any]]:
        """The new deliveries in a POST; raises for a bad signature or a stale timestamp."""
        msg_id = headers.get("webhook-id", "")
        ts_text = headers.get("webhook-timestamp", "")
        signature = headers.get("webhook-signature", "")
        if not (msg_id and ts_text.isdigit() and signature):
            raise UnauthorizedError("missing webhook-id, webhook-timestamp or webhook-signature")
        ts = int(ts_text)
        if abs(time.time() - ts) > self.tolerance:
            raise UnauthorizedError(f"webhook timestamp {ts} is outside the {self.tolerance}s "
                                    "window (replayed or clock skew)")
        if not webhook_signature_valid(self.secret, msg_id, ts, body, signature):
            raise UnauthorizedError("webhook signature does not match")
        try:
            data = orjson.loads(body)
            deliveries = data["deliveries"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise UsageError(f"webhook body is not a delivery batch: {exc}") from None
        new = []
        with self._lock:
            self.posts += 1
            for d in deliveries:
                did = d["delivery_id"]
                if did in self.seen:
                    self.repeats += 1
                    continue
                d["received_at"] = time.time()
                self.seen[did] = d
                self.accepted.append(did)
                new.append(d)
        if self.on_delivery:
            for d in new:
                self.on_delivery(d)
        return new


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive: a sender reuses its connection for each POST

    def _answer(self, status: int, text: bytes = b"") -> None:
        self.send_response(status)
        self.send_header("content-length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("content-length") or 0)
        if length > MAX_BODY:
            self.close_connection = True  # the body is not read
            self._answer(413)
            return
        body = self.rfile.read(length)
        if self.server.down.is_set():
            self._answer(503)
            return
        if self.server.delay:
            time.sleep(self.server.delay)
        try:
            self.server.receiver.accept({k.lower(): v for k, v in self.headers.items()}, body)
        except (UnauthorizedError, UsageError) as exc:
            self._answer(401 if isinstance(exc, UnauthorizedError) else 400, str(exc).encode())
            return
        self._answer(200, b"ok")

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    receiver: WebhookReceiver
    down: threading.Event
    delay: float
    open_connections: set[socket.socket]

    def process_request(self, request: Any, client_address: Any) -> None:
        self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        self.open_connections.discard(request)
        super().shutdown_request(request)


class ReceiverServer:
    """A `WebhookReceiver` behind a real HTTP server on 127.0.0.1; `down()` makes it answer 503,
    `stop()` closes the port."""

    def __init__(self, receiver: WebhookReceiver, port: int = 0, delay: float = 0.0) -> None:
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.receiver = receiver
        self.httpd.down = threading.Event()
        self.httpd.delay = delay
        self.httpd.open_connections = set()
        self.receiver = receiver
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def down(self, is_down: bool = True) -> None:
        if is_down:
            self.httpd.down.set()
        else:
            self.httpd.down.clear()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        for conn in list(self.httpd.open_connections):  # kept alive by senders: end them
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
