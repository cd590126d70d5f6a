"""Key rotation: a member replaces its signing key by a statement in the log.

A rotation is signed with the member's current key, and names the new one; every later
statement of the member must be signed with the new key, and one signed with a retired key is
refused. A member that lost its key is rotated by an admin member (`ledger_admins`), whose
own statement, signed with its own key, is the record of it. Which key is valid for a
statement follows from the log order alone: the member's keys are replayed from the
registered one through each rotation, so `log verify` needs nothing else.

The payload (canonical JSON, like every statement):
    {"v": 1, "type": "key-rotation", "member": SIGNER, "seq": N, "subject": MEMBER,
     "new_key": HEX, "reason": TEXT, "issued": TIMESTAMP}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.errors import ConflictError, InputError, NotFoundError
from coalition.ledger import tables as t
from coalition.ledger.keys import load_public
from coalition.ledger.statements import MAX_TEXT, VERSION, now_iso

if TYPE_CHECKING:
    from coalition.ledger.append import AppendState, Pending

ROTATION = "key-rotation"
KEYS = frozenset({"v", "type", "member", "seq", "subject", "new_key", "reason", "issued"})
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class KeyRotation:
    """A rotation before it is signed: `member` signs, `subject` gets `new_key`."""

    member: str
    subject: str
    new_key: str
    reason: str
    issued: str | None = None

    def payload(self, seq: int) -> dict[str, Any]:
        return {"v": VERSION, "type": ROTATION, "member": self.member, "seq": seq,
                "subject": self.subject, "new_key": self.new_key.lower(),
                "reason": self.reason, "issued": self.issued or now_iso()}


def is_rotation(payload: dict[str, Any]) -> bool:
    return payload.get("type") == ROTATION


def check_rotation(p: dict[str, Any], where: str) -> None:
    """Refuse a rotation payload whose shape or values are wrong."""
    if set(p) != KEYS:
        missing, extra = sorted(KEYS - set(p)), sorted(set(p) - KEYS)
        raise InputError(f"key-rotation keys are wrong (missing {missing}, unexpected "
                         f"{extra})", where=where)
    if p["v"] != VERSION:
        raise InputError(f"unknown statement version {p['v']!r}", where=where)
    for key in ("member", "subject", "reason", "issued"):
        if not isinstance(p[key], str) or not p[key].strip():
            raise InputError(f"{key!r} must be a non-empty string", where=where)
    if len(p["reason"]) > MAX_TEXT:
        raise InputError(f"'reason' must be at most {MAX_TEXT:,} characters", where=where)
    if not isinstance(p["seq"], int) or isinstance(p["seq"], bool) or p["seq"] < 1:
        raise InputError(f"'seq' must be a positive integer, not {p['seq']!r}", where=where)
    if not isinstance(p["new_key"], str) or not _HEX64.match(p["new_key"]):
        raise InputError("'new_key' must be an Ed25519 public key (64 lower-case hex)",
                         where=where)


def mirrored(p: dict[str, Any]) -> dict[str, Any]:
    """The values of the statement columns for a rotation (what `log verify` compares)."""
    return {"member": p.get("member"), "member_seq": p.get("seq"),
            "entity_id": f"member:{p.get('subject')}", "position": ROTATION,
            "legal_basis": p.get("reason"), "effective": str(p.get("issued"))[:10],
            "until": None, "supersedes": None, "proposal": None, "source": None,
            "issued": p.get("issued"), "deadline": None, "quorum": None}


@dataclass
class KeyRing:
    """Each member's current key and the keys it has retired (public keys, hex)."""

    current: dict[str, str]
    retired: dict[str, list[tuple[str, int]]]  # member -> (key, first seq it no longer signs)
    admins: set[str]

    @classmethod
    def load(cls, conn: Connection, registered: dict[str, str]) -> KeyRing:
        current = dict(registered)
        retired: dict[str, list[tuple[str, int]]] = {}
        mk = t.member_keys.c
        for member, from_seq, key in conn.execute(
                sa.select(mk.member, mk.from_seq, mk.public_key)
                .order_by(mk.member, mk.from_seq)):
            retired.setdefault(member, []).append((current[member], from_seq))
            current[member] = key
        admins = set(conn.execute(sa.select(t.admins.c.member)).scalars())
        return cls(current, retired, admins)

    def rotate(self, subject: str, new_key: str, from_seq: int) -> None:
        self.retired.setdefault(subject, []).append((self.current[subject], from_seq))
        self.current[subject] = new_key

    def known(self, member: str) -> set[str]:
        return {k for k, _ in self.retired.get(member, [])} | {self.current[member]}

    def retired_from(self, member: str, key: str) -> int | None:
        """The seq from which `key` no longer signs for `member`, if it is a retired key."""
        return next((s for k, s in self.retired.get(member, []) if k == key), None)


def check_rotations(items: list[Pending], state: AppendState,
                     start: dict[str, int]) -> list[dict[str, Any]]:
    """Who may rotate whose key, to which key; the key index rows of the valid rotations."""
    seqs = dict(start)
    rows = []
    for p in items:
        pl = p.payload
        seqs[pl["member"]] = pl["seq"]
        if not p.rotation:
            continue
        subject, signer = pl["subject"], pl["member"]
        if subject not in state.members:
            raise NotFoundError(f"key rotation for unknown member {subject!r}", where=p.where)
        if signer != subject and signer not in state.ring.admins:
            raise InputError(f"member {signer!r} is not an admin and cannot replace "
                             f"{subject!r}'s key", where=p.where)
        try:
            load_public(pl["new_key"])
        except InputError:
            raise InputError("new_key is not an Ed25519 public key", where=p.where) from None
        if pl["new_key"] in state.ring.known(subject):
            raise ConflictError(f"the new key was already {subject!r}'s key; a key is never "
                                "used again", where=p.where)
        if subject not in seqs:
            seqs[subject] = state.last_seq(subject)
        from_seq = seqs[subject] + 1
        state.ring.rotate(subject, pl["new_key"], from_seq)
        rows.append({"member": subject, "from_seq": from_seq, "public_key": pl["new_key"],
                     "statement_id": p.signed.id})
    return rows
