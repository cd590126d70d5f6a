"""Designation statements: what a member states about an entity, signed over canonical JSON.

A statement's payload is a fixed set of keys (every key present, null when unused). Its id is
the SHA-256 of the canonical bytes; the member's Ed25519 signature covers the same bytes.
A correction is a new statement that `supersedes` an old one; a delisting is a `not-listed`
statement; a proposal is a `listed` statement carrying a deadline and a quorum, answered by
statements that name it in `responds_to`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from coalition.errors import InputError
from coalition.ledger.canonical import canonical, sha256_hex

VERSION = 1
MAX_TEXT = 20_000
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_:]{0,254}$")


class Position(StrEnum):
    """A member's position on an entity."""

    LISTED = "listed"
    NOT_LISTED = "not-listed"
    OBJECTS = "objects"
    ABSTAINS = "abstains"
    UNDER_REVIEW = "under-review"


RESPONSES = (Position.LISTED, Position.OBJECTS, Position.ABSTAINS)
POSITIONS = frozenset(Position)


@dataclass
class Draft:
    """A statement before it is signed (the member's sequence number is added when signing)."""

    member: str
    entity: str
    position: Position | str
    legal_basis: str
    effective: str
    until: str | None = None
    reasons: str = ""
    evidence: list[str] = field(default_factory=list)
    supersedes: str | None = None
    proposal: dict[str, Any] | None = None  # {"deadline": DATE, "quorum": K}
    responds_to: str | None = None
    source: str | None = None
    new_entity: dict[str, Any] | None = None  # FtM JSON of an entity not yet in the store
    issued: str | None = None

    def payload(self, seq: int) -> dict[str, Any]:
        return {
            "v": VERSION,
            "member": self.member,
            "seq": seq,
            "entity": self.entity,
            "position": str(self.position),
            "legal_basis": self.legal_basis,
            "effective": self.effective,
            "until": self.until,
            "reasons": self.reasons,
            "evidence": list(self.evidence),
            "supersedes": self.supersedes,
            "proposal": self.proposal,
            "responds_to": self.responds_to,
            "source": self.source,
            "new_entity": self.new_entity,
            "issued": self.issued or now_iso(),
        }


@dataclass(frozen=True)
class SignedStatement:
    """The canonical payload bytes and the member's signature over them (hex)."""

    payload: bytes
    signature: str

    @functools.cached_property
    def id(self) -> str:
        return sha256_hex(self.payload)

    def with_signature(self, signature: str) -> SignedStatement:
        """The same payload with a signature made after it was built (its id is kept)."""
        signed = SignedStatement(self.payload, signature)
        signed.__dict__["id"] = self.id  # the cached id: the payload is the same bytes
        return signed

    def leaf(self) -> bytes:
        """The log leaf: payload, a newline (never in canonical JSON), the raw signature."""
        return self.payload + b"\n" + bytes.fromhex(self.signature)

    def to_json(self) -> dict[str, str]:
        return {"payload": self.payload.decode("utf-8"), "signature": self.signature}


@dataclass(slots=True)
class StatementRow:
    """A recorded statement as consolidation reads it."""

    id: str
    log_index: int
    member: str
    entity_id: str
    position: str
    legal_basis: str
    effective: str
    until: str | None
    supersedes: str | None
    proposal: str | None
    deadline: str | None
    quorum: int | None
    source: str | None
    issued: str
    recorded_at: str


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def today() -> str:
    return date.today().isoformat()


def valid_date(value: object) -> bool:
    """An ISO date or prefix (YYYY, YYYY-MM, YYYY-MM-DD) naming a real day, month or year."""
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return parts[0] >= 1900


def in_force(effective: str, until: str | None, on: str) -> bool:
    """Whether a statement effective from `effective` (to `until`, inclusive) holds on `on`."""
    return effective <= on and (until is None or on[: len(until)] <= until)


def check_payload(p: dict[str, Any], where: str) -> None:
    """Refuse a payload whose shape or values are wrong (not the checks against the store)."""
    if set(p) != KEYS:
        missing, extra = sorted(KEYS - set(p)), sorted(set(p) - KEYS)
        raise InputError(f"payload keys are wrong (missing {missing}, unexpected {extra})",
                         where=where)
    if p["v"] != VERSION:
        raise InputError(f"unknown statement version {p['v']!r}; this ledger reads {VERSION}",
                         where=where)
    for key in ("member", "entity", "legal_basis", "issued"):
        if not isinstance(p[key], str) or not p[key].strip():
            raise InputError(f"{key!r} must be a non-empty string", where=where)
    if not _ID.match(p["entity"]):
        raise InputError(f"entity id {p['entity']!r} is not a valid id", where=where)
    if not isinstance(p["seq"], int) or isinstance(p["seq"], bool) or p["seq"] < 1:
        raise InputError(f"'seq' must be a positive integer, not {p['seq']!r}", where=where)
    if p["position"] not in POSITIONS:
        raise InputError(f"position {p['position']!r} is not one of "
                         f"{', '.join(Position)}", where=where)
    for key in ("legal_basis", "reasons"):
        if not isinstance(p[key], str) or len(p[key]) > MAX_TEXT:
            raise InputError(f"{key!r} must be text of at most {MAX_TEXT:,} characters",
                             where=where)
    if not valid_date(p["effective"]):
        raise InputError(f"effective date {p['effective']!r} is not an ISO date", where=where)
    if p["until"] is not None:
        if not valid_date(p["until"]):
            raise InputError(f"end date {p['until']!r} is not an ISO date", where=where)
        if p["until"] < p["effective"]:
            raise InputError(f"dates out of order: ends {p['until']} before it takes effect "
                             f"{p['effective']}", where=where)
    if not isinstance(p["evidence"], list) or not all(
            isinstance(e, str) and _HEX64.match(e) for e in p["evidence"]):
        raise InputError("evidence must be a list of SHA-256 digests (64 lower-case hex)",
                         where=where)
    for key in ("supersedes", "responds_to"):
        if p[key] is not None and not (isinstance(p[key], str) and _HEX64.match(p[key])):
            raise InputError(f"{key!r} must be a statement id (64 hex)", where=where)
    _check_proposal(p, where)
    if p["source"] is not None and not isinstance(p["source"], str):
        raise InputError("'source' must be a string", where=where)
    ne = p["new_entity"]
    if ne is not None and (not isinstance(ne, dict) or ne.get("id") != p["entity"]
                           or not isinstance(ne.get("schema"), str)):
        raise InputError("'new_entity' must be FtM JSON whose id is the statement's entity",
                         where=where)


def _check_proposal(p: dict[str, Any], where: str) -> None:
    prop = p["proposal"]
    if prop is not None:
        if not isinstance(prop, dict) or set(prop) != {"deadline", "quorum"}:
            raise InputError("'proposal' must be {\"deadline\": DATE, \"quorum\": K}",
                             where=where)
        if not valid_date(prop["deadline"]) or len(prop["deadline"]) != 10:
            raise InputError(f"proposal deadline {prop['deadline']!r} is not a full ISO date",
                             where=where)
        if not isinstance(prop["quorum"], int) or prop["quorum"] < 1:
            raise InputError("proposal quorum must be a positive integer", where=where)
        if p["position"] != Position.LISTED:
            raise InputError("a proposal is a `listed` statement by its proposer", where=where)
        if prop["deadline"] < p["issued"][:10]:
            raise InputError(f"dates out of order: deadline {prop['deadline']} is before the "
                             f"proposal was issued ({p['issued'][:10]})", where=where)
        if p["responds_to"] is not None:
            raise InputError("a proposal cannot answer another proposal", where=where)
    if p["responds_to"] is not None and p["position"] not in RESPONSES:
        raise InputError("an answer to a proposal is `listed` (endorse), `objects` or "
                         "`abstains`", where=where)


KEYS = frozenset(Draft("", "", "", "", "").payload(0))


def payload_bytes(payload: dict[str, Any]) -> bytes:
    return canonical(payload)
