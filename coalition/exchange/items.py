"""Warnings and requests for assistance: drafts, their limits, signed payloads, read views.

An item's payload is a fixed set of keys, written as RFC 8785 canonical JSON and signed by the
originating member; the stored payload is the signed bytes, never re-serialised. A `View` is
what a reader gets back once the policy has allowed the read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import orjson

from coalition.errors import HostileInputError, UsageError
from coalition.exchange.policy import Guarded
from coalition.exchange.tlp import TLP

MAX_TITLE = 500
MAX_TEXT = 20_000
MAX_LIST = 100
MAX_PAYLOAD = 256 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$")
_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_:]{0,254}$")


class PayloadTooLarge(HostileInputError):
    """A body or field over the exchange's size limits (HTTP 413)."""

    status = 413


class Severity(StrEnum):
    """How urgent a warning is; high and critical ones have an acknowledgement deadline."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise UsageError(f"unknown severity {value!r}; use low, medium, high or critical") \
                from None


class ReplyStatus(StrEnum):
    """A reply to one question: a full answer, a partial one, or a negative one (nothing found)."""

    ANSWER = "answer"
    PARTIAL = "partial"
    NEGATIVE = "negative"


def _text(value: str, name: str, limit: int, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise UsageError(f"{name} must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise UsageError(f"{name} is empty; give a {name}")
    if len(value) > limit:
        raise PayloadTooLarge(f"{name} has {len(value)} characters, over the limit of {limit}")
    return value


def _date(value: str | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise UsageError(f"{name} {value!r} is not an ISO date (2026-12-31 or 2026-12-31T18:00Z)")
    return value


def _list(values: list[Any] | tuple[Any, ...], name: str) -> list[Any]:
    values = list(values)
    if len(values) > MAX_LIST:
        raise PayloadTooLarge(f"{len(values)} {name}, over the limit of {MAX_LIST}")
    return values


def clean_subject(subject: dict[str, Any] | str) -> dict[str, Any]:
    """A subject as `{"entity": id}` (an entity of the store) or `{"name": ..., "schema": ...}`."""
    if isinstance(subject, str):
        subject = {"entity": subject[7:]} if subject.startswith("entity:") else {"name": subject}
    if not isinstance(subject, dict):
        raise UsageError(f"a subject is an entity id or a name, not {subject!r}")
    if "entity" in subject:
        ref = str(subject["entity"])
        if not _ID.match(ref):
            raise UsageError(f"subject entity id {ref!r} is malformed")
        out: dict[str, Any] = {"entity": ref}
        for key in ("caption", "schema"):
            if subject.get(key):
                out[key] = _text(str(subject[key]), f"subject {key}", MAX_TITLE)
        return out
    name = _text(str(subject.get("name", "")), "subject name", MAX_TITLE)
    schema = str(subject.get("schema") or "LegalEntity")
    if schema not in ("Person", "Organization", "LegalEntity", "Company"):
        raise UsageError(f"subject schema {schema!r}: use Person, Organization or LegalEntity")
    return {"name": name, "schema": schema}


def clean_attachment(att: dict[str, Any] | str) -> dict[str, Any]:
    """An attachment by hash: `{"sha256": hex, "name": ..., "size": n}` (content stays out)."""
    if isinstance(att, str):
        att = {"sha256": att}
    digest = str(att.get("sha256", "")).lower()
    if not _SHA256.match(digest):
        raise UsageError(f"attachment hash {digest!r} is not a SHA-256 (64 hex digits)")
    out: dict[str, Any] = {"sha256": digest}
    if att.get("name"):
        out["name"] = _text(str(att["name"]), "attachment name", 255)
    if att.get("size") is not None:
        size = att["size"]
        if not isinstance(size, int) or size < 0:
            raise UsageError(f"attachment size {size!r} must be a whole number of bytes")
        out["size"] = size
    return out


@dataclass
class WarningDraft:
    """A warning before it is issued."""

    title: str
    text: str
    severity: Severity | str = Severity.MEDIUM
    tlp: TLP | str = TLP.AMBER
    recipients: list[str] = field(default_factory=list)
    group: str | None = None
    subjects: list[dict[str, Any] | str] = field(default_factory=list)
    valid_until: str | None = None
    attachments: list[dict[str, Any] | str] = field(default_factory=list)
    named_users: list[str] = field(default_factory=list)

    def content(self) -> dict[str, Any]:
        """The kind-specific part of the payload, checked."""
        return {
            "title": _text(self.title, "title", MAX_TITLE),
            "text": _text(self.text, "text", MAX_TEXT),
            "severity": Severity.parse(str(self.severity)).value,
            "subjects": [clean_subject(s) for s in _list(self.subjects, "subjects")],
            "valid_until": _date(self.valid_until, "valid-until"),
            "attachments": [clean_attachment(a) for a in _list(self.attachments, "attachments")],
        }


@dataclass
class RequestDraft:
    """A request for assistance before it is sent."""

    title: str
    questions: list[str]
    due: str | None = None
    text: str = ""
    tlp: TLP | str = TLP.AMBER
    recipients: list[str] = field(default_factory=list)
    group: str | None = None
    subjects: list[dict[str, Any] | str] = field(default_factory=list)
    named_users: list[str] = field(default_factory=list)

    def content(self) -> dict[str, Any]:
        questions = [_text(q, "question", MAX_TEXT) for q in _list(self.questions, "questions")]
        if not questions:
            raise UsageError("a request for assistance needs at least one question")
        return {
            "title": _text(self.title, "title", MAX_TITLE),
            "text": _text(self.text, "text", MAX_TEXT, required=False),
            "questions": questions,
            "due": _date(self.due, "due date"),
            "subjects": [clean_subject(s) for s in _list(self.subjects, "subjects")],
        }


@dataclass(frozen=True)
class View:
    """An item as a reader is allowed to see it."""

    id: str
    kind: str
    originator: str
    author: str
    tlp: TLP
    title: str
    issued_at: datetime
    payload: dict[str, Any]
    signature: str
    origin: str
    group: str | None
    audience: tuple[str, ...]
    retracted_at: datetime | None = None
    retraction_reason: str | None = None
    closed_at: datetime | None = None
    state: str | None = None  # the reader's member's state (recipients only)
    extra: dict[str, Any] = field(default_factory=dict)  # replies, request state…

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "originator": self.originator,
            "author": self.author, "tlp": self.tlp.value, "title": self.title,
            "issued_at": self.issued_at.isoformat(), "origin": self.origin, "group": self.group,
            "recipients": list(self.audience), "state": self.state,
            "retracted_at": self.retracted_at.isoformat() if self.retracted_at else None,
            "retraction_reason": self.retraction_reason,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "payload": self.payload, "signature": self.signature, **self.extra,
        }


def guarded_of(row: Any, audience: frozenset[str], named: frozenset[str]) -> Guarded:
    return Guarded(id=row.id, tlp=TLP(row.tlp), originator=row.originator, author=row.author,
                   audience=audience, named_users=named)


def payload_of(row: Any) -> dict[str, Any]:
    return orjson.loads(row.payload)
