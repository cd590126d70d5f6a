"""A TAXII 2.1 server as a FastAPI router: `taxii_router(service, auth)`, mounted by the app.

Discovery (`/taxii2/`), one API root (`/exchange/`), a collection per sharing group the user's
member belongs to plus `inbox` (everything the user may read), objects, one object, its
versions, the manifest, adding objects (to a group's collection) and status; the media types,
filters and pagination of `taxii_query`. Every object served comes from
`interop.export_window`, i.e. through the access policy, for the user who asks; authentication
is the `auth` dependency (a bearer token, or HTTP Basic with the user id and its token, which
is what most TAXII clients send). Errors are TAXII error messages with their 4xx status.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi import APIRouter, Request, Response

from coalition.errors import CoalitionError, NotFoundError, UnauthorizedError, UsageError
from coalition.exchange import interop
from coalition.exchange.directory import Group
from coalition.exchange.items import PayloadTooLarge
from coalition.exchange.policy import Principal
from coalition.exchange.service import ExchangeService
from coalition.exchange.stix import MAX_BUNDLE, NAMESPACE, stamp
from coalition.exchange.tables import taxii_status
from coalition.exchange.taxii_query import (
    MEDIA,
    STIX_MEDIA,
    Page,
    Stored,
    TaxiiError,
    check_accept,
    check_content_type,
    lower_bound,
    paginate,
    select,
)

__all__ = ["API_ROOT", "INBOX", "MEDIA", "STIX_MEDIA", "TaxiiError", "bearer_auth",
           "collection_id", "credentials", "taxii_router"]

API_ROOT = "exchange"
INBOX = "inbox"
WINDOW = 500  # items read at a time to answer a request


def credentials(request: Request) -> tuple[str | None, str | None]:
    """(user, token) of a request: `Authorization: Bearer <token>` (or `ApiKey <token>`)
    names no user; `Basic` carries `user:token`, which is what most TAXII clients send."""
    scheme, _, value = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "basic":
        try:
            user, sep, token = base64.b64decode(value.strip(), validate=True).decode() \
                .partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise UnauthorizedError("malformed Basic credentials") from None
        if not sep:
            raise UnauthorizedError("Basic credentials must be user:token")
        return user, token
    if scheme.lower() in ("bearer", "apikey") and value.strip():
        return None, value.strip()
    return None, None


def bearer_auth(service: ExchangeService) -> Callable[[Request], Principal]:
    """The default `auth`: an exchange user's token, as a bearer token or in Basic
    credentials with the user's id."""
    def auth(request: Request) -> Principal:
        user, token = credentials(request)
        principal = service.authenticate(token)
        if user is not None and principal.user != user:
            raise UnauthorizedError(f"the token is not user {user!r}'s")
        return principal
    return auth


def _reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=MEDIA, headers=headers)


def _error(exc: CoalitionError) -> Response:
    status = exc.status if 400 <= exc.status < 600 else 500
    headers = {"WWW-Authenticate": 'Bearer realm="taxii", Basic realm="taxii"'} \
        if status == 401 else None
    return _reply({"title": type(exc).__name__, "description": str(exc),
                   "http_status": str(status)}, status, headers)


def collection_id(group: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"collection:{group}"))


def _collection(group: Group | None) -> dict[str, Any]:
    if group is None:
        return {"id": INBOX, "title": "Everything shared with you", "can_read": True,
                "can_write": False, "media_types": [STIX_MEDIA]}
    return {"id": collection_id(group.id), "title": group.name,
            "description": f"Sharing group {group.id}", "can_read": True, "can_write": True,
            "media_types": [STIX_MEDIA]}


def taxii_router(service: ExchangeService | Callable[[Request], ExchangeService],
                 auth: Callable[[Request], Principal] | None = None,
                 roots: str = "",
                 max_body: Callable[[Request], int] | None = None) -> APIRouter:
    """The TAXII 2.1 endpoints over `service` (or the function that finds it for a request);
    `auth` turns a request into a principal; API roots live under the path `roots` (the
    discovery endpoint is always `/taxii2/`); `max_body` tells the largest body the server
    around the router accepts, when that is below the largest STIX bundle."""
    router = APIRouter()
    svc: Callable[[Request], ExchangeService]
    if isinstance(service, ExchangeService):
        fixed = service
        authenticate = auth or bearer_auth(fixed)
        svc = lambda request: fixed  # noqa: E731
    else:
        if auth is None:
            raise TypeError("a TAXII router that finds its service per request needs `auth`")
        svc, authenticate = service, auth
    r = roots.rstrip("/")

    def guarded(request: Request, handler: Callable[[Principal], Response],
                root: str | None = None) -> Response:
        try:
            principal = authenticate(request)
            check_accept(request.headers.get("accept"))
            if root is not None and root != API_ROOT:
                raise NotFoundError(f"no API root {root!r}; the API root is /{API_ROOT}/")
            return handler(principal)
        except CoalitionError as exc:
            return _error(exc)

    def find(service: ExchangeService, principal: Principal, cid: str) -> Group | None:
        if cid == INBOX:
            return None
        for group in service.groups(principal):
            if collection_id(group.id) == cid:
                return group
        raise NotFoundError(f"no collection {cid!r} that you may read")

    def objects_of(principal: Principal, request: Request, cid: str,
                   object_id: str | None = None) -> tuple[list[Stored], bool]:
        """The collection's objects that pass the request's filters, from where the request
        starts (`added_after`, `next`), a window of items at a time: the first window with a
        match (for one object: with that object), and whether later items were left out."""
        service = svc(request)
        group = find(service, principal, cid)
        query = dict(request.query_params)
        if object_id is not None:
            query["match[id]"] = object_id
        since = lower_bound(query)
        while True:
            window = interop.export_window(service, principal, since=since, limit=WINDOW,
                                           group=group.id if group else None)
            stored = [Stored(o, window.added[o["id"]]) for o in window.objects]
            selected = select(stored, query)
            later = max((s.key[0] for s in stored), default=None)
            if selected or not window.more or later is None or later == since:
                return selected, window.more and bool(selected)
            since = later

    @router.get("/taxii2/")
    def discovery(request: Request) -> Response:
        """TAXII discovery: the one API root of this node."""
        root = str(request.url_for("api_root", api_root=API_ROOT))
        return guarded(request, lambda p: _reply({
            "title": "coalition exchange", "description": "Warnings shared between members",
            "default": root, "api_roots": [root]}))

    @router.get(r + "/{api_root}/", name="api_root")
    def api_root(api_root: str, request: Request) -> Response:
        limit = min(MAX_BUNDLE, max_body(request)) if max_body else MAX_BUNDLE
        return guarded(request, lambda p: _reply({
            "title": "coalition exchange", "description": "Warnings and requests for "
            "assistance that members share under TLP 2.0", "versions": [MEDIA],
            "max_content_length": limit}), api_root)

    @router.get(r + "/{api_root}/collections/")
    def collections(api_root: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            groups: list[Group | None] = [None, *svc(request).groups(p)]
            return _reply({"collections": [_collection(g) for g in groups]})
        return guarded(request, handle, api_root)

    @router.get(r + "/{api_root}/collections/{cid}/")
    def collection(api_root: str, cid: str, request: Request) -> Response:
        return guarded(request, lambda p: _reply(_collection(find(svc(request), p, cid))),
                       api_root)

    @router.get(r + "/{api_root}/collections/{cid}/objects/")
    def get_objects(api_root: str, cid: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            found, truncated = objects_of(p, request, cid)
            page = paginate(found, request.query_params, truncated=truncated)
            return _reply(page.envelope("objects", [s.obj for s in page.items]),
                          headers=page.headers())
        return guarded(request, handle, api_root)

    def one_object(request: Request, api_root: str, cid: str, object_id: str,
                   render: Callable[[Page], dict[str, Any]]) -> Response:
        def handle(p: Principal) -> Response:
            found, truncated = objects_of(p, request, cid, object_id)
            if not found:
                raise NotFoundError(f"no object {object_id!r} in collection {cid!r}")
            page = paginate(found, request.query_params, truncated=truncated)
            return _reply(render(page), headers=page.headers())
        return guarded(request, handle, api_root)

    @router.get(r + "/{api_root}/collections/{cid}/objects/{object_id}/")
    def get_object(api_root: str, cid: str, object_id: str, request: Request) -> Response:
        return one_object(request, api_root, cid, object_id, lambda page: page.envelope(
            "objects", [s.obj for s in page.items]))

    @router.get(r + "/{api_root}/collections/{cid}/objects/{object_id}/versions/")
    def get_versions(api_root: str, cid: str, object_id: str, request: Request) -> Response:
        return one_object(request, api_root, cid, object_id, lambda page: page.envelope(
            "versions", [s.version for s in page.items]))

    @router.get(r + "/{api_root}/collections/{cid}/manifest/")
    def manifest(api_root: str, cid: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            found, truncated = objects_of(p, request, cid)
            page = paginate(found, request.query_params, truncated=truncated)
            return _reply(page.envelope("objects", [s.manifest() for s in page.items]),
                          headers=page.headers())
        return guarded(request, handle, api_root)

    @router.post(r + "/{api_root}/collections/{cid}/objects/")
    async def add_objects(api_root: str, cid: str, request: Request) -> Response:
        body = await request.body()

        def handle(p: Principal) -> Response:
            service = svc(request)
            check_content_type(request.headers.get("content-type"))
            if len(body) > MAX_BUNDLE:
                raise PayloadTooLarge(f"{len(body)} bytes is over {MAX_BUNDLE}")
            group = find(service, p, cid)
            if group is None:
                raise TaxiiError(403, "the inbox collection is read-only; post to a group")
            try:
                envelope = orjson.loads(body)
                objects = envelope["objects"]
                if not isinstance(objects, list):
                    raise TypeError(objects)
            except (orjson.JSONDecodeError, KeyError, TypeError):
                raise UsageError("the body must be a TAXII envelope {\"objects\": [...]}") \
                    from None
            data = orjson.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}",
                                 "objects": objects})
            summary = interop.import_bundle(service, p, data, group=group.id,
                                            source=f"taxii:{p.label}")
            now = service.clock.now()
            status = {"id": str(uuid.uuid4()), "status": "complete",
                      "request_timestamp": stamp(now),
                      "total_count": len(objects), "success_count": len(objects),
                      "failure_count": 0, "pending_count": 0,
                      "successes": [{"id": o.get("id"), "version": o.get("modified")
                                     or o.get("created")} for o in objects],
                      "failures": [], "pendings": [],
                      "x_coalition_summary": summary.to_dict()}
            with service.engine.begin() as conn:
                conn.execute(taxii_status.insert().values(
                    id=status["id"], member=p.member, created_at=now,
                    body=orjson.dumps(status).decode()))
            return _reply(status, 202)
        return guarded(request, handle, api_root)

    @router.get(r + "/{api_root}/status/{status_id}/")
    def get_status(api_root: str, status_id: str, request: Request) -> Response:
        def handle(p: Principal) -> Response:
            with svc(request).engine.connect() as conn:
                row = conn.execute(sa.select(taxii_status).where(
                    taxii_status.c.id == status_id, taxii_status.c.member == p.member)).first()
            if row is None:
                raise NotFoundError(f"no status {status_id!r} of yours")
            return _reply(orjson.loads(row.body))
        return guarded(request, handle, api_root)

    return router
