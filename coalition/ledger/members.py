"""Members of the coalition: states, agencies and international bodies, each with a public key.

The database keeps only public keys; private keys stay in the `KeyStore`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import resources

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Connection

from coalition.errors import ConflictError, NotFoundError, UsageError
from coalition.ledger import tables as t
from coalition.ledger.keys import load_public
from coalition.ledger.statements import valid_date
from coalition.model import countries

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


class Kind(StrEnum):
    """What sort of member it is."""

    STATE = "state"
    FOREIGN_MINISTRY = "foreign-ministry"
    FINANCIAL_INTELLIGENCE_UNIT = "financial-intelligence-unit"
    SECURITY_SERVICE = "security-service"
    INTERNATIONAL_BODY = "international-body"


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    country: str | None
    kind: str
    public_key: str
    joined: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"id": self.id, "name": self.name, "country": self.country, "kind": self.kind,
                "public_key": self.public_key, "joined": self.joined}


@dataclass(frozen=True)
class Publisher:
    member: str
    name: str
    country: str | None
    kind: str


@functools.cache
def publishers() -> dict[str, Publisher]:
    """The publisher member of each official list, from publishers.yaml."""
    text = resources.files("coalition.ledger").joinpath("publishers.yaml").read_text("utf-8")
    return {ds: Publisher(*row) for ds, row in yaml.safe_load(text).items()}


def check_member(id: str, name: str, country: str | None, kind: str,
                 joined: str | None) -> str | None:
    """Validate a member's fields; return the country as an alpha-2 code."""
    if not _ID.match(id):
        raise UsageError(f"member id {id!r} must be lower-case letters, digits, . _ - "
                         "(e.g. `fr-mfa`)")
    if not name.strip():
        raise UsageError("a member needs a name")
    if kind not in set(Kind):
        raise UsageError(f"kind {kind!r} is not one of {', '.join(Kind)}")
    code = None
    if country:
        code = countries.to_code(country)
        if code is None:
            raise UsageError(f"unknown country {country!r}; give a name or an alpha-2 code")
    if joined is not None and (not valid_date(joined) or len(joined) != 10):
        raise UsageError(f"joining date {joined!r} is not an ISO date (YYYY-MM-DD)")
    return code


def insert_member(conn: Connection, member: Member) -> None:
    load_public(member.public_key)
    if conn.execute(sa.select(t.members.c.id).where(t.members.c.id == member.id)).first():
        raise ConflictError(f"member {member.id!r} already exists; see `coalition member show "
                            f"{member.id}`")
    conn.execute(sa.insert(t.members).values(**member.to_dict(), created_at=datetime.now(UTC)))


def _row(r: sa.Row) -> Member:
    m = r._mapping
    return Member(m["id"], m["name"], m["country"], m["kind"], m["public_key"], m["joined"])


def all_members(conn: Connection) -> dict[str, Member]:
    return {r.id: _row(r) for r in conn.execute(sa.select(t.members).order_by(t.members.c.id))}


def get_member(conn: Connection, id: str) -> Member:
    row = conn.execute(sa.select(t.members).where(t.members.c.id == id)).first()
    if row is None:
        raise NotFoundError(f"no member {id!r}; see `coalition member list`")
    return _row(row)
