"""The joint list: members, statements, proposals, consolidated lists, disagreements and the
transparency log's tree heads and proofs. Reading needs the analyst role; writing acts for
the caller's own member only (403 otherwise)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from coalition.accounts import Principal, Role
from coalition.api.auth import require_member, require_role
from coalition.api.paging import LIMIT, OFFSET, page
from coalition.api.params import STORE_INT_MAX
from coalition.errors import ConflictError, UsageError
from coalition.ledger import Draft, Position, SignedStatement
from coalition.ledger.entities import captions

router = APIRouter(tags=["Joint list"])
ANALYST = require_role(Role.ANALYST)
DAY = r"^\d{4}-\d{2}-\d{2}$"
AS_OF = Query(None, pattern=DAY, description="The date to show the list as of (default: "
                                            "today).")
POLICY = Query("any", max_length=200, description="any | quorum:K | all | members:A,B | un")


def _today(as_of: str | None) -> str:
    return as_of or date.today().isoformat()


def _ledger(request: Request) -> Any:
    return request.app.state.services.ledger


class SignedIn(BaseModel):
    """A statement signed by its member elsewhere: the canonical JSON payload (RFC 8785) and
    the Ed25519 signature over it, hex."""

    payload: str = Field(..., max_length=200_000)
    signature: str = Field(..., pattern=r"^[0-9a-fA-F]{128}$")


class DraftIn(BaseModel):
    """A statement for the node to sign with the caller's member key (held by this node)."""

    entity: str = Field(..., max_length=300, examples=["un-sc-QDi.001"])
    position: Position
    legal_basis: str = Field(..., min_length=1, max_length=2_000,
                             examples=["UNSCR 2253 (2015)"])
    effective: str = Field(default_factory=lambda: date.today().isoformat(), pattern=DAY)
    until: str | None = Field(None, pattern=DAY)
    reasons: str = Field("", max_length=20_000)
    evidence: list[str] = Field([], max_length=100, description="SHA-256 digests (hex).")
    supersedes: str | None = Field(None, max_length=64)
    new_entity: dict[str, Any] | None = Field(None, description="FtM JSON of an entity not "
                                                                "yet in the store.")

    def draft(self, member: str, **extra: Any) -> Draft:
        return Draft(member, self.entity, self.position, self.legal_basis, self.effective,
                     until=self.until, reasons=self.reasons, evidence=list(self.evidence),
                     supersedes=self.supersedes, new_entity=self.new_entity, **extra)


class ProposalIn(DraftIn):
    position: Position = Position.LISTED
    deadline: str = Field(..., pattern=DAY, description="Last day to answer.")
    quorum: int = Field(2, ge=1, le=1_000, description="Members in support needed.")


class AnswerIn(BaseModel):
    position: Position = Field(..., description="listed (endorse), objects or abstains.")
    legal_basis: str = Field(..., min_length=1, max_length=2_000)
    effective: str = Field(default_factory=lambda: date.today().isoformat(), pattern=DAY)
    reasons: str = Field("", max_length=20_000)


def _record(request: Request, principal: Principal, draft: Draft) -> dict[str, Any]:
    ledger = _ledger(request)
    if not ledger.keys.has(principal.member_id):
        raise ConflictError(f"this node holds no signing key of member {principal.member_id!r};"
                            " sign the statement yourself and POST it to /statements")
    sid, = ledger.record(draft)
    return {"id": sid, "tree_size": ledger.head().tree_size}


# -- members -------------------------------------------------------------------------------

@router.get("/members", summary="Members of the joint list")
def members(request: Request, principal: Principal = Depends(ANALYST)) -> list[dict[str, Any]]:
    """Every member: id, name, country, kind, public key, date joined."""
    return [m.to_dict() for m in _ledger(request).members()]


@router.get("/members/{member_id}", summary="One member")
def member(request: Request, member_id: str,
           principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """A member and how many statements it made."""
    ledger = _ledger(request)
    return {**ledger.member(member_id).to_dict(),
            "statements": len(ledger.rows(member=member_id))}


# -- statements ----------------------------------------------------------------------------

def _row(r: Any) -> dict[str, Any]:
    return {k: getattr(r, k) for k in r.__slots__}


@router.get("/statements", summary="Recorded statements in log order")
def statements(request: Request, member: str | None = Query(None, max_length=64),
               entity: str | None = Query(None, max_length=300), limit: int = LIMIT,
               offset: int = OFFSET, principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Statements (optionally of one member, or about one entity), in log order."""
    return page(_ledger(request).rows(member=member, entity=entity), limit, offset, _row)


@router.get("/statements/{statement_id}", summary="A statement as signed")
def statement(request: Request, statement_id: str,
              principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """The canonical payload, the member's signature and the statement id (its SHA-256)."""
    signed = _ledger(request).signed(statement_id)
    return {"id": signed.id, **signed.to_json()}


@router.post("/statements", status_code=201, summary="Submit a statement signed elsewhere")
def submit(request: Request, body: SignedIn,
           principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Append a statement your member signed with its own key. The payload must be the
    member's own (`member` = the caller's member); a bad signature, an unknown entity, dates
    out of order or a replay are refused and change nothing."""
    try:
        payload = orjson.loads(body.payload)
    except orjson.JSONDecodeError as exc:
        raise UsageError(f"payload is not JSON: {exc}", where="payload") from None
    if not isinstance(payload, dict):
        raise UsageError("payload must be a JSON object", where="payload")
    require_member(principal, str(payload.get("member")), "submit statements")
    ledger = _ledger(request)
    sid, = ledger.submit([SignedStatement(body.payload.encode("utf-8"),
                                          body.signature.lower())])
    return {"id": sid, "tree_size": ledger.head().tree_size}


@router.post("/members/{member_id}/statements", status_code=201,
             summary="Record a statement signed by this node with the member's key")
def record(request: Request, member_id: str, body: DraftIn,
           principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """For members whose key this node keeps: the node signs the statement with the key of
    `member_id` (the caller's own member) and appends it."""
    require_member(principal, member_id, "record statements")
    return _record(request, principal, body.draft(member_id))


# -- proposals -----------------------------------------------------------------------------

@router.get("/proposals", summary="Proposals and their state")
def proposals(request: Request, as_of: str | None = AS_OF,
              principal: Principal = Depends(ANALYST)) -> list[dict[str, Any]]:
    """Every proposal issued by `as_of`, with who endorsed and objected and its state."""
    return [p.to_dict() for p in _ledger(request).proposals(_today(as_of))]


@router.post("/proposals", status_code=201, summary="Propose a designation")
def propose(request: Request, body: ProposalIn,
            principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Your member's own `listed` statement, open to the others until the deadline."""
    if body.position != Position.LISTED:
        raise UsageError("a proposal is a `listed` statement", where="position")
    return _record(request, principal, body.draft(
        principal.member_id, proposal={"deadline": body.deadline, "quorum": body.quorum}))


@router.post("/proposals/{proposal_id}/answers", status_code=201,
             summary="Endorse, object to or abstain on a proposal")
def answer(request: Request, proposal_id: str, body: AnswerIn,
           principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Your member's answer: `listed` endorses, `objects` objects, `abstains` abstains."""
    proposal = _ledger(request).signed(proposal_id)
    entity = orjson.loads(proposal.payload)["entity"]
    draft = Draft(principal.member_id, entity, body.position, body.legal_basis, body.effective,
                  reasons=body.reasons, responds_to=proposal_id)
    return _record(request, principal, draft)


# -- views ---------------------------------------------------------------------------------

def _entries(request: Request, entries: list[Any], limit: int, offset: int) -> dict[str, Any]:
    shown = entries[offset:offset + limit]
    names = captions(_ledger(request).engine, [e.entity_id for e in shown])
    out = page(shown, limit, 0, lambda e: {
        **e.to_dict(), "caption": names.get(e.entity_id, ("", ""))[1],
        "schema": names.get(e.entity_id, ("", ""))[0]})
    return {**out, "total": len(entries), "offset": offset}


@router.get("/consolidated", summary="The consolidated list under a policy")
def consolidated(request: Request, policy: str = POLICY, as_of: str | None = AS_OF,
                 known_at: str | None = Query(None, pattern=DAY, description="Only statements "
                                              "recorded by then (reproduce a past view)."),
                 limit: int = LIMIT, offset: int = OFFSET,
                 principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Each entry: the entity, since when it is on the list, who lists it, who objects and
    every member's position with its legal basis and statement."""
    entries = _ledger(request).consolidated(policy, _today(as_of), known_at)
    return {"policy": policy, "as_of": _today(as_of),
            **_entries(request, entries, limit, offset)}


@router.get("/consolidated/diff", summary="What changed in the consolidated list")
def consolidated_diff(request: Request, old: str = Query(..., pattern=DAY),
                      new: str = Query(..., pattern=DAY), policy: str = POLICY,
                      principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Entries added, removed and changed between two dates under a policy."""
    d = _ledger(request).diff(policy, old, new)
    return {"policy": policy, "old": old, "new": new,
            "added": [e.to_dict() for e in d.added],
            "removed": [e.to_dict() for e in d.removed],
            "changed": [{"old": a.to_dict(), "new": b.to_dict()} for a, b in d.changed]}


@router.get("/disagreements", summary="Listed by some members, objected to by others")
def disagreements(request: Request, as_of: str | None = AS_OF, limit: int = LIMIT,
                  offset: int = OFFSET,
                  principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """Entities some members list and others object to, with every position."""
    entries = _ledger(request).disagreements(_today(as_of))
    return {"as_of": _today(as_of), **_entries(request, entries, limit, offset)}


# -- the transparency log ------------------------------------------------------------------

@router.get("/log/head", summary="The latest signed tree head")
def log_head(request: Request, size: int | None = Query(None, ge=1, le=STORE_INT_MAX),
             principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """The signed tree head (latest, or of `size`) and whether its signature checks."""
    log = _ledger(request).log
    head = log.head(size)
    return {**head.to_dict(), "signature_valid": log.check_head(head)}


@router.get("/log/inclusion/{statement_id}", summary="Inclusion proof of a statement")
def log_inclusion(request: Request, statement_id: str,
                  size: int | None = Query(None, ge=1, le=STORE_INT_MAX),
                  principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """The audit path from the statement's leaf to the root of a signed tree head
    (RFC 6962 hashing)."""
    p = _ledger(request).log.prove_inclusion(statement_id, size)
    return {"statement": p.statement_id, "leaf_index": p.leaf_index, "leaf_hash": p.leaf_hash,
            "head": p.head.to_dict(), "path": p.path, "verified": p.check()}


@router.get("/log/consistency", summary="Consistency proof between two tree heads")
def log_consistency(request: Request, old: int = Query(..., ge=1, le=STORE_INT_MAX),
                    new: int | None = Query(None, ge=1, le=STORE_INT_MAX),
                    principal: Principal = Depends(ANALYST)) -> dict[str, Any]:
    """The proof that the tree of size `new` (default: latest) extends the one of `old`."""
    c = _ledger(request).log.prove_consistency(old, new)
    return {"old": c.old.to_dict(), "new": c.new.to_dict(), "path": c.path,
            "verified": c.check()}
