"""The exchange between members: warnings, requests for assistance, the recipient's poll and
live stream (Server-Sent Events), STIX 2.1 bundles in and out, sharing groups, consent, the
audit trail, and the TAXII 2.1 server (discovery at `/taxii2/`, the API root at
`/taxii2/exchange/`).

Analysts (and admins) only. A caller always acts for its own member: who issues, replies,
acknowledges or retracts is the caller's member, never a field of the body. Every read goes
through the exchange's one access-policy function (`coalition.exchange.policy.allowed`): an
item the caller may not read answers 404, as one that does not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coalition.accounts import Principal as Account
from coalition.accounts import Role
from coalition.api.auth import authenticate_request, require_role
from coalition.api.params import STORE_INT_MAX
from coalition.errors import ForbiddenError, UnauthorizedError, UsageError
from coalition.exchange import (
    ExchangeService,
    Principal,
    ReplyStatus,
    RequestDraft,
    Severity,
    WarningDraft,
    interop,
)
from coalition.exchange.items import MAX_LIST, MAX_TEXT, MAX_TITLE
from coalition.exchange.reads import MAX_PAGE
from coalition.exchange.stix import MAX_BUNDLE
from coalition.exchange.taxii_server import credentials, taxii_router

routes = APIRouter(prefix="/exchange", tags=["Exchange"])
ANALYST = require_role(Role.ANALYST)
STIX_MEDIA = "application/stix+json;version=2.1"
KEEPALIVE = 15.0  # seconds of quiet before the stream sends a comment line
TLP_LEVELS = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]
LIMIT = Query(100, ge=1, le=MAX_PAGE, description="Results per page.")
OFFSET = Query(0, ge=0, le=10_000_000, description="Results to skip.")


def _service(request: Request) -> ExchangeService:
    return request.app.state.services.exchange  # type: ignore[no-any-return]


def _acting(request: Request, account: Account) -> Principal:
    return _service(request).account(account.user_id, account.member_id, account.username)


def actor(request: Request, account: Account = Depends(ANALYST)) -> Principal:
    """The caller as a principal of the exchange: a user of its own member."""
    return _acting(request, account)


# -- bodies ------------------------------------------------------------------------------------

Subject = dict[str, Any] | str
Attachment = dict[str, Any] | str


class Body(BaseModel):
    """Bodies name no acting member or user: the caller's own are used. Unknown fields are
    refused, so that `originator` or `member` in a body cannot be mistaken for honoured."""

    model_config = ConfigDict(extra="forbid")


class Addressed(Body):
    tlp: TLP_LEVELS = Field("AMBER", description="TLP 2.0 level: who may ever read it.")
    recipients: list[str] = Field([], max_length=MAX_LIST, description="Member ids.")
    group: str | None = Field(None, max_length=64, description="A sharing group of yours.")
    named_users: list[str] = Field([], max_length=MAX_LIST,
                                   description="TLP:RED only: the users who may read it.")
    subjects: list[Subject] = Field([], max_length=MAX_LIST, description=(
        "Entities of the store as `entity:<id>` or {\"entity\"}, or names as text or "
        "{\"name\", \"schema\"}."))


class WarningIn(Addressed):
    title: str = Field(..., min_length=1, max_length=MAX_TITLE)
    text: str = Field(..., min_length=1, max_length=MAX_TEXT)
    severity: Severity = Severity.MEDIUM
    valid_until: str | None = Field(None, max_length=40, examples=["2026-12-31"])
    attachments: list[Attachment] = Field([], max_length=MAX_LIST,
                                          description="By SHA-256: {\"sha256\", \"name\"}.")


class RequestIn(Addressed):
    title: str = Field(..., min_length=1, max_length=MAX_TITLE)
    questions: list[str] = Field(..., min_length=1, max_length=MAX_LIST)
    text: str = Field("", max_length=MAX_TEXT)
    due: str | None = Field(None, max_length=40, examples=["2026-12-31"])


class ReplyIn(Body):
    question: int = Field(..., ge=1, le=MAX_LIST, description="1 for the first question.")
    status: ReplyStatus = Field(..., description="answer, partial, or negative (nothing "
                                                 "found; the text may be empty).")
    text: str = Field("", max_length=MAX_TEXT)


class ReasonIn(Body):
    reason: str = Field(..., min_length=1, max_length=MAX_TEXT)


class GroupIn(Body):
    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")
    name: str = Field(..., min_length=1, max_length=255)
    members: list[str] = Field(..., max_length=1000)


class MembersIn(Body):
    members: list[str] = Field(..., min_length=1, max_length=1000)


class ConsentIn(Body):
    third: str = Field(..., max_length=64, description="The member to pass the item on to.")


class DecisionIn(Body):
    grant: bool


def _addressed(body: Addressed) -> dict[str, Any]:
    return {"tlp": body.tlp, "recipients": body.recipients, "group": body.group,
            "named_users": body.named_users, "subjects": body.subjects}


# -- warnings and requests -------------------------------------------------------------------

@routes.post("/warnings", status_code=201, summary="Issue a warning, signed by your member")
def issue_warning(body: WarningIn, request: Request,
                  who: Principal = Depends(actor)) -> dict[str, Any]:
    """Recipients are told by webhook, poll and stream; returns the warning's id."""
    item_id = _service(request).warn(who, WarningDraft(
        title=body.title, text=body.text, severity=body.severity,
        valid_until=body.valid_until, attachments=body.attachments, **_addressed(body)))
    return {"id": item_id, "kind": "warning"}


@routes.post("/requests", status_code=201, summary="Ask members for assistance")
def create_request(body: RequestIn, request: Request,
                   who: Principal = Depends(actor)) -> dict[str, Any]:
    """A request with questions and a due date; replies come per question."""
    item_id = _service(request).request(who, RequestDraft(
        title=body.title, questions=body.questions, due=body.due, text=body.text,
        **_addressed(body)))
    return {"id": item_id, "kind": "request"}


def _list(request: Request, who: Principal, kind: str | None, q: str | None,
          group: str | None, limit: int, offset: int) -> dict[str, Any]:
    views = _service(request).list_items(who, kind=kind, text=q, group=group, limit=limit,
                                         offset=offset)
    return {"limit": limit, "offset": offset, "results": [v.to_dict() for v in views]}


@routes.get("/warnings", summary="Warnings you may read, newest first")
def list_warnings(request: Request, q: str | None = Query(None, max_length=200),
                  group: str | None = Query(None, max_length=64), limit: int = LIMIT,
                  offset: int = OFFSET, who: Principal = Depends(actor)) -> dict[str, Any]:
    """`q` searches titles and texts."""
    return _list(request, who, "warning", q, group, limit, offset)


@routes.get("/requests", summary="Requests for assistance you may read, newest first")
def list_requests(request: Request, q: str | None = Query(None, max_length=200),
                  group: str | None = Query(None, max_length=64), limit: int = LIMIT,
                  offset: int = OFFSET, who: Principal = Depends(actor)) -> dict[str, Any]:
    return _list(request, who, "request", q, group, limit, offset)


@routes.get("/items/{item_id}", summary="One warning or request (marks it read)")
def get_item(item_id: str, request: Request, who: Principal = Depends(actor)) -> dict[str, Any]:
    """404 for an item you may not read, as for one that does not exist."""
    return _service(request).get(who, item_id).to_dict()


@routes.post("/items/{item_id}/acknowledge", summary="Acknowledge a warning for your member")
def acknowledge(item_id: str, request: Request,
                who: Principal = Depends(actor)) -> dict[str, Any]:
    _service(request).acknowledge(who, item_id)
    return {"id": item_id, "state": "acknowledged"}


@routes.post("/items/{item_id}/retract", summary="Retract an item your member issued")
def retract(item_id: str, body: ReasonIn, request: Request,
            who: Principal = Depends(actor)) -> dict[str, Any]:
    """Every recipient is told, whether or not it has read the item."""
    _service(request).retract(who, item_id, body.reason)
    return {"id": item_id, "retracted": True}


@routes.get("/items/{item_id}/recipients", summary="Each recipient's state (originator only)")
def recipients(item_id: str, request: Request,
               who: Principal = Depends(actor)) -> list[dict[str, Any]]:
    """delivered, read, acknowledged; deadlines and escalations."""
    return _service(request).recipients_of(who, item_id)


@routes.post("/requests/{item_id}/replies", status_code=201,
             summary="Answer one question of a request")
def reply(item_id: str, body: ReplyIn, request: Request,
          who: Principal = Depends(actor)) -> dict[str, Any]:
    reply_id = _service(request).reply(who, item_id, body.question, body.status, body.text)
    return {"id": reply_id, "request": item_id, "question": body.question,
            "status": body.status.value}


@routes.post("/requests/{item_id}/close", summary="Close a request your member sent")
def close(item_id: str, request: Request, who: Principal = Depends(actor)) -> dict[str, Any]:
    _service(request).close(who, item_id)
    return {"id": item_id, "closed": True}


@routes.post("/items/{item_id}/consents", status_code=201,
             summary="Ask the originator's consent to pass an item on")
def ask_consent(item_id: str, body: ConsentIn, request: Request,
                who: Principal = Depends(actor)) -> dict[str, Any]:
    return {"id": _service(request).ask_consent(who, item_id, body.third), "item": item_id,
            "third": body.third, "status": "pending"}


@routes.post("/consents/{consent_id}", summary="Grant or refuse passing an item on")
def decide_consent(consent_id: str, body: DecisionIn, request: Request,
                   who: Principal = Depends(actor)) -> dict[str, Any]:
    _service(request).decide_consent(who, consent_id, body.grant)
    return {"id": consent_id, "status": "granted" if body.grant else "refused"}


# -- sharing groups and the audit trail ------------------------------------------------------

@routes.get("/groups", summary="The sharing groups your member belongs to")
def groups(request: Request, who: Principal = Depends(actor)) -> list[dict[str, object]]:
    return [g.to_dict() for g in _service(request).groups(who)]


@routes.post("/groups", status_code=201, summary="Create a sharing group owned by your member")
def create_group(body: GroupIn, request: Request,
                 who: Principal = Depends(actor)) -> dict[str, object]:
    return _service(request).create_group(who, body.id, body.name, body.members).to_dict()


@routes.post("/groups/{group_id}/members", summary="Add members to a group your member owns")
def add_to_group(group_id: str, body: MembersIn, request: Request,
                 who: Principal = Depends(actor)) -> dict[str, object]:
    return _service(request).add_to_group(who, group_id, body.members).to_dict()


@routes.get("/audit", summary="Audit entries you may see")
def audit_entries(request: Request, after: int = Query(0, ge=0, le=STORE_INT_MAX),
                  limit: int = LIMIT,
                  who: Principal = Depends(actor)) -> list[dict[str, Any]]:
    """Your member's actions, and what was done with items it originated."""
    return [{**e.body(), "prev_hash": e.prev_hash, "hash": e.hash}
            for e in _service(request).audit_entries(who, after, limit)]


# -- poll and live stream --------------------------------------------------------------------

@routes.get("/poll", summary="Your member's deliveries after a cursor")
def poll(request: Request, cursor: int = Query(0, ge=0, le=STORE_INT_MAX,
                                                description="The `cursor` of the "
                                                            "previous answer."),
         limit: int = LIMIT, who: Principal = Depends(actor)) -> dict[str, Any]:
    """Events (warning, request, reply, retraction, closure, escalation, consent-request) with
    the item as you may see it; events about items you may not read are skipped."""
    messages, after = _service(request).poll(who, cursor, limit)
    return {"messages": messages, "cursor": after}


def _cursor(last_event_id: str | None, cursor: int) -> int:
    if last_event_id is None:
        return cursor
    if not last_event_id.strip().isdigit():
        raise UsageError(f"Last-Event-ID {last_event_id!r} is not an event id of this stream",
                         where="Last-Event-ID")
    return int(last_event_id)


def sse(message: dict[str, Any]) -> bytes:
    """One Server-Sent Event: the sequence number as its id, the event kind, JSON data."""
    return (f"id: {message['seq']}\nevent: {message['event']}\n".encode() + b"data: "
            + orjson.dumps(message) + b"\n\n")


@routes.get("/stream", summary="Your member's deliveries, live (Server-Sent Events)",
            response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream(request: Request, cursor: int = Query(0, ge=0, le=STORE_INT_MAX),
                 last_event_id: str | None = Header(None, alias="Last-Event-ID"),
                 who: Principal = Depends(actor)) -> StreamingResponse:
    """`text/event-stream`: each event's `id` is its sequence number, so a client that
    reconnects with `Last-Event-ID` resumes after the last event it got; the messages are
    those of `/exchange/poll`. A comment line is sent after 15 s of quiet."""
    svc = _service(request)
    start = _cursor(last_event_id, cursor)

    async def events() -> AsyncIterator[bytes]:
        after, quiet = start, 0.0
        yield b"retry: 2000\n\n"
        while True:
            batch, after = await asyncio.to_thread(svc.poll, who, after)
            for message in batch:
                yield sse(message)
            if batch:
                quiet = 0.0
                continue
            await asyncio.sleep(0.25)
            quiet += 0.25
            if quiet >= KEEPALIVE:
                quiet = 0.0
                yield b": keep-alive\n\n"

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


# -- STIX 2.1 ----------------------------------------------------------------------------------

@routes.get("/stix", summary="A STIX 2.1 bundle of what you may read",
            responses={200: {"content": {STIX_MEDIA: {}}}})
def export_stix(request: Request,
                group: str | None = Query(None, pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$"),
                ids: list[Annotated[str, StringConstraints(pattern=r"^[wr]-[0-9a-f]{32}$")]]
                | None = Query(None, max_length=1000, description="Item ids (w-… or r-…)."),
                cursor: str | None = Query(None, max_length=400, pattern=r"^[A-Za-z0-9_-]+$",
                                           description="X-Next-Cursor of the previous page."),
                limit: int = Query(1000, ge=1, le=1000, description="Items per page."),
                who: Principal = Depends(actor)) -> Response:
    """Identities, TLP 2.0 markings, reports and notes, threat actors and intrusion sets of a
    page of the items you may read, oldest first; restricted items exported are written to the
    audit trail. X-Item-Count says how many items the page holds, and X-Next-Cursor, present
    while more remain, is the `cursor` of the next page."""
    page = interop.export_page(_service(request), who, ids=ids, group=group, cursor=cursor,
                               limit=limit)
    headers = {"X-Item-Count": str(page.count)}
    if page.next:
        headers["X-Next-Cursor"] = page.next
    return Response(interop.dumps(page.bundle), media_type=STIX_MEDIA, headers=headers)


@routes.post("/stix", summary="Import a STIX 2.1 bundle of your member's reports")
async def import_stix(request: Request, group: str | None = Query(None, max_length=64),
                      who: Principal = Depends(actor)) -> dict[str, Any]:
    """The whole bundle is checked first: any invalid object, unknown member or unmarked
    report refuses it all (4xx) and stores nothing."""
    data = await request.body()
    if len(data) > MAX_BUNDLE:
        raise UsageError(f"bundle of {len(data)} bytes is over {MAX_BUNDLE}")
    summary = await asyncio.to_thread(interop.import_bundle, _service(request), who, data,
                                      group=group, source=f"api:{who.label}")
    return summary.to_dict()


# -- TAXII 2.1 ---------------------------------------------------------------------------------

def taxii_auth(request: Request) -> Principal:
    """A TAXII caller: an API token as `Bearer`/`ApiKey`, or `Basic` with the username and a
    token (what TAXII clients send); analysts and admins only."""
    user, token = credentials(request)
    if user is None:
        account = authenticate_request(request)
    else:
        account = request.app.state.services.accounts.authenticate(token)
        if account.username != user:
            raise UnauthorizedError(f"the token is not user {user!r}'s")
    if account.role not in (Role.ANALYST.value, Role.ADMIN.value):
        raise ForbiddenError(f"role {account.role!r} may not use TAXII; it needs analyst")
    return _acting(request, account)


router = APIRouter()
router.include_router(routes)
# TAXII 2.1 is described by its own specification (media type application/taxii+json, its own
# error body), not by this OpenAPI document; tests/exchange/test_taxii_conformance.py holds it
# to the specification.
router.include_router(taxii_router(_service, taxii_auth, roots="/taxii2",
                                   max_body=lambda r: r.app.state.services.settings
                                   .max_body_bytes), include_in_schema=False)
