"""A TAXII 2.1 client that pulls a peer's collection into this node.

`TaxiiClient(base_url, token)` speaks to any TAXII 2.1 server (ours or another); `pull` walks
a collection's pages (`next`) from an `added_after` mark and imports what it gets through
`interop.import_bundle(relay=True)`, so pulled objects meet the same checks as any import.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import orjson

from coalition.errors import CoalitionError, InputError, UnauthorizedError
from coalition.exchange import interop
from coalition.exchange.policy import Principal
from coalition.exchange.service import ExchangeService

MEDIA = "application/taxii+json;version=2.1"


class PeerError(CoalitionError):
    """The peer answered with an error."""

    status = 502


class TaxiiClient:
    """A TAXII 2.1 client; `client` may be any httpx.Client (e.g. one bound to an app)."""

    def __init__(self, base_url: str, token: str | None = None, *,
                 client: httpx.Client | None = None, auth: tuple[str, str] | None = None,
                 timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = client or httpx.Client(timeout=timeout)
        self.headers = {"Accept": MEDIA}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.auth = httpx.BasicAuth(*auth) if auth else None
        self.last_added: str | None = None  # X-TAXII-Date-Added-Last of the latest page

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._get(path, params)[0]

    def _get(self, path: str, params: dict[str, Any] | None = None) -> tuple[Any, httpx.Headers]:
        kwargs: dict[str, Any] = {"params": params, "headers": self.headers}
        if self.auth:
            kwargs["auth"] = self.auth
        reply = self.client.get(self._url(path), **kwargs)
        if reply.status_code == 401:
            raise UnauthorizedError(f"the peer refused our credentials: {reply.text[:200]}")
        if reply.status_code >= 400:
            raise PeerError(f"{reply.status_code} from {reply.url}: {reply.text[:300]}")
        if not reply.headers.get("content-type", "").replace(" ", "").startswith(
                "application/taxii+json"):
            raise PeerError(f"{reply.url} answered {reply.headers.get('content-type')!r}, "
                            "not TAXII 2.1 JSON")
        try:
            return orjson.loads(reply.content), reply.headers
        except orjson.JSONDecodeError:
            raise InputError("the peer's answer is not JSON", where=str(reply.url)) from None

    def discovery(self) -> dict[str, Any]:
        return self.get("/taxii2/")  # type: ignore[no-any-return]

    def api_root(self) -> str:
        """The URL of the peer's default API root."""
        info = self.discovery()
        root = info.get("default") or (info.get("api_roots") or [None])[0]
        if not root:
            raise InputError("the peer's discovery names no API root", where=self.base_url)
        return str(root).rstrip("/") + "/"

    def collections(self, root: str | None = None) -> list[dict[str, Any]]:
        root = root or self.api_root()
        return list(self.get(f"{root}collections/").get("collections", []))

    def objects(self, collection: str, *, root: str | None = None,
                added_after: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """All objects of a collection, page after page; `last_added` keeps the date the peer
        added the last of them, the `added_after` of the next incremental pull."""
        root = root or self.api_root()
        params: dict[str, Any] = {"limit": limit}
        if added_after:
            params["added_after"] = added_after
        out: list[dict[str, Any]] = []
        while True:
            envelope, headers = self._get(f"{root}collections/{collection}/objects/", params)
            out.extend(envelope.get("objects", []))
            self.last_added = headers.get("X-TAXII-Date-Added-Last") or self.last_added
            if not envelope.get("more") or not envelope.get("next"):
                return out
            params["next"] = envelope["next"]

    def pull(self, service: ExchangeService, principal: Principal, collection: str, *,
             group: str | None = None, added_after: str | None = None) -> interop.ImportSummary:
        """Fetch a peer collection and import it for `principal`'s member (or `group`)."""
        objects = self.objects(collection, added_after=added_after)
        data = orjson.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}",
                             "objects": objects})
        return interop.import_bundle(service, principal, data, group=group,
                                     source=f"taxii:{self.base_url}", relay=True)

    def close(self) -> None:
        self.client.close()
