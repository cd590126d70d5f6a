"""A TAXII 2.1 server as a FastAPI router: `taxii_router(service, auth)`, mounted by the app.

Discovery (`/taxii2/`), one API root (`/exchange/`), a collection per sharing group the user's
member belongs to plus `inbox` (everything the user may read), objects with `limit`/`next`
pagination and `added_after`, `match[id]`, `match[type]` filters, a single object, the manifest,
adding objects (to a group's collection) and status. Every object served comes from
`interop.export_bundle`, i.e. through the access policy; authentication is the `auth`
dependency (bearer tokens by default). Errors are TAXII error messages with their 4xx status.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi import APIRouter, Request, Response

from coalition.errors import CoalitionError, NotFoundError, UsageError
from coalition.exchange import interop
from coalition.exchange.directory import Group
from coalition.exchange.items import PayloadTooLarge
from coalition.exchange.policy import Principal
from coalition.exchange.service import ExchangeService
from coalition.exchange.stix import MAX_BUNDLE, NAMESPACE
from coalition.exchange.tables import taxii_status

MEDIA = "application/taxii+json;version=2.1"
STIX_MEDIA = "application/stix+json;version=2.1"
API_ROOT = "exchange"
INBOX = "inbox"
PAGE = 100


class TaxiiError(CoalitionError):
    """A TAXII protocol error (media type, paging) with its status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def bearer_auth(service: ExchangeService) -> Callable[[Request], Principal]:
    """The default `auth`: `Authorization: Bearer <token>` of an exchange user."""
    def auth(request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        return service.authenticate(token)
    return auth


def _reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=MEDIA, headers=headers)


def _error(exc: CoalitionError) -> Response:
    status = exc.status if 400 <= exc.status < 600 else 500
    return _reply({"title": type(exc).__name__, "description": str(exc),
                   "http_status": str(status)}, status)


def collection_id(group: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"collection:{group}"))


def _collection(group: Group | None) -> dict[str, Any]:
    if group is None:
        return {"id": INBOX, "title": "Everything shared with you", "can_read": True,
                "can_write": False, "media_types": [STIX_MEDIA]}
    return {"id": collection_id(group.id), "title": group.name,
            "description": f"Sharing group {group.id}", "can_read": True, "can_write": True,
            "media_types": [STIX_MEDIA]}


def taxii_router(service: ExchangeService,
                 auth: Callable[..., Principal] | None = None) -> APIRouter:
    """The TAXII 2.1 endpoints over `service`; `auth` turns a request into a principal."""
    router = APIRouter()
    authenticate = auth or bearer_auth(service)

    def guarded(request: Request, handler: Callable[[Principal], Response],
                root: str | None = None) -> Response:
        try:
            if root is not None and root != API_ROOT:
                raise NotFoundError(f"no API root {root!r}; the API root is /{API_ROOT}/")
            accept = request.headers.get("accept", "")
            if accept and not any(t in accept for t in ("application/taxii+json", "*/*",
                                                         "application/json")):
                raise TaxiiError(406, f"cannot answer in {accept!r}; accept {MEDIA}")
            return handler(authenticate(request))
        except CoalitionError as exc:
            return _error(exc)

    def find(principal: Principal, cid: str) -> Group | None:
        if cid == INBOX:
            return None
        for group in service.groups(principal):
            if collection_id(group.id) == cid:
                return group
        raise NotFoundError(f"no collection {cid!r} that you may read")

    def objects_of(principal: Principal, request: Request, cid: str) -> list[dict[str, Any]]:
        group = find(principal, cid)
        bundle = interop.export_bundle(service, principal, group=group.id if group else None)
        objects = bundle["objects"]
        q = request.query_params
        if q.get("match[type]"):
            types = set(q["match[type]"].split(","))
            objects = [o for o in objects if o["type"] in types]
        if q.get("match[id]"):
            ids = set(q["match[id]"].split(","))
            objects = [o for o in objects if o["id"] in ids]
        if q.get("added_after"):
            after = q["added_after"]
            objects = [o for o in objects if o.get("modified", o.get("created", "")) > after]
        objects.sort(key=lambda o: (o.get("modified", o.get("created", "")), o["id"]))
        return objects

    def page(request: Request, objects: list[dict[str, Any]]) -> tuple[list[Any], dict[str, Any]]:
        q = request.query_params
        try:
            limit = min(int(q.get("limit", PAGE)), 1000)
            start = int(q.get("next", 0))
        except ValueError:
            raise UsageError("limit and next must be whole numbers") from None
        if limit < 1 or start < 0:
            raise UsageError("limit must be positive and next not negative")
        chunk = objects[start:start + limit]
        more = start + limit < len(objects)
        envelope: dict[str, Any] = {"more": more}
        if more:
            envelope["next"] = str(start + limit)
        return chunk, envelope

    def added(o: dict[str, Any]) -> str:
        return str(o.get("modified", o.get("created", "2020-01-01T00:00:00.000Z")))

    def headers(chunk: list[dict[str, Any]]) -> dict[str, str]:
        if not chunk:
            return {}
        return {"X-TAXII-Date-Added-First": added(chunk[0]),
                "X-TAXII-Date-Added-Last": added(chunk[-1])}

    @router.get("/taxii2/")
    def discovery(request: Request) -> Response:
        """TAXII discovery: the one API root of this node."""
        root = str(request.url_for("api_root", api_root=API_ROOT))
        return guarded(request, lambda p: _reply({
            "title": "coalition exchange", "description": "Warnings shared between members",
            "default": root, "api_roots": [root]}))

    @router.get("/{api_root}/", name="api_root")
    def api_root(api_root: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            if api_root != API_ROOT:
                raise NotFoundError(f"no API root {api_root!r}")
            return _reply({"title": "coalition exchange", "versions": [MEDIA],
                           "max_content_length": MAX_BUNDLE})
        return guarded(request, handle, api_root)

    @router.get("/{api_root}/collections/")
    def collections(api_root: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            groups: list[Group | None] = [None, *service.groups(p)]
            return _reply({"collections": [_collection(g) for g in groups]})
        return guarded(request, handle, api_root)

    @router.get("/{api_root}/collections/{cid}/")
    def collection(api_root: str, cid: str, request: Request) -> Response:
        return guarded(request, lambda p: _reply(_collection(find(p, cid))), api_root)

    @router.get("/{api_root}/collections/{cid}/objects/")
    def get_objects(api_root: str, cid: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            chunk, envelope = page(request, objects_of(p, request, cid))
            return _reply({**envelope, "objects": chunk}, headers=headers(chunk))
        return guarded(request, handle, api_root)

    @router.get("/{api_root}/collections/{cid}/objects/{object_id}/")
    def get_object(api_root: str, cid: str, object_id: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            found = [o for o in objects_of(p, request, cid) if o["id"] == object_id]
            if not found:
                raise NotFoundError(f"no object {object_id!r} in collection {cid!r}")
            return _reply({"more": False, "objects": found}, headers=headers(found))
        return guarded(request, handle, api_root)

    @router.get("/{api_root}/collections/{cid}/manifest/")
    def manifest(api_root: str, cid: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            chunk, envelope = page(request, objects_of(p, request, cid))
            rows = [{"id": o["id"], "date_added": added(o), "version": added(o),
                     "media_type": STIX_MEDIA} for o in chunk]
            return _reply({**envelope, "objects": rows}, headers=headers(chunk))
        return guarded(request, handle, api_root)

    @router.post("/{api_root}/collections/{cid}/objects/")
    async def add_objects(api_root: str, cid: str, request: Request) -> Response:
        body = await request.body()

        def handle(p: Principal) -> Response:
            ctype = request.headers.get("content-type", "")
            if "application/taxii+json" not in ctype:
                raise TaxiiError(415, f"send objects as {MEDIA}, not {ctype or 'nothing'}")
            if len(body) > MAX_BUNDLE:
                raise PayloadTooLarge(f"{len(body)} bytes is over {MAX_BUNDLE}")
            group = find(p, cid)
            if group is None:
                raise TaxiiError(403, "the inbox collection is read-only; post to a group")
            try:
                envelope = orjson.loads(body)
                objects = envelope["objects"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                raise UsageError("the body must be a TAXII envelope {\"objects\": [...]}") \
                    from None
            data = orjson.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}",
                                 "objects": objects})
            summary = interop.import_bundle(service, p, data, group=group.id,
                                            source=f"taxii:{p.label}")
            now = datetime.now(UTC)
            status = {"id": str(uuid.uuid4()), "status": "complete",
                      "request_timestamp": now.isoformat(),
                      "total_count": len(objects), "success_count": len(objects),
                      "failure_count": 0, "pending_count": 0,
                      "successes": [{"id": o.get("id"), "version": o.get("modified", "")}
                                    for o in objects if isinstance(o, dict)],
                      "x_coalition_summary": summary.to_dict()}
            with service.engine.begin() as conn:
                conn.execute(taxii_status.insert().values(
                    id=status["id"], member=p.member, created_at=now,
                    body=orjson.dumps(status).decode()))
            return _reply(status, 202)
        return guarded(request, handle, api_root)

    @router.get("/{api_root}/status/{status_id}/")
    def get_status(api_root: str, status_id: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            with service.engine.connect() as conn:
                row = conn.execute(sa.select(taxii_status).where(
                    taxii_status.c.id == status_id, taxii_status.c.member == p.member)).first()
            if row is None:
                raise NotFoundError(f"no status {status_id!r} of yours")
            return _reply(orjson.loads(row.body))
        return guarded(request, handle, api_root)

    return router
