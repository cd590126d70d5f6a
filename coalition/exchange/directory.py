"""Who takes part: members (from the ledger), sharing groups, users with tokens, webhook endpoints.

Members are the ledger's (`ledger_members`); the exchange adds named sets of them (sharing
groups), the people and systems that act for them (users, each with a bearer token stored only
as its SHA-256), and each member's webhook endpoint.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from coalition.errors import ConflictError, NotFoundError, UnauthorizedError, UsageError
from coalition.exchange.clock import aware
from coalition.exchange.policy import Principal
from coalition.exchange.signing import new_secret
from coalition.exchange.tables import endpoints, group_members, groups, users
from coalition.ledger import tables as lt

_GROUP_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Group:
    """A sharing group: a named set of members."""

    id: str
    name: str
    owner: str
    members: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "owner": self.owner,
                "members": list(self.members)}


@dataclass(frozen=True)
class User:
    id: str
    member: str
    name: str
    expires_at: datetime | None


def known_members(conn: Connection, ids: set[str] | list[str] | None = None) -> set[str]:
    query = sa.select(lt.members.c.id)
    if ids is not None:
        query = query.where(lt.members.c.id.in_(set(ids)))
    return set(conn.execute(query).scalars())


def require_members(conn: Connection, ids: list[str] | set[str], what: str = "recipient") -> None:
    """Refuse any id that is not a registered member, naming them all."""
    if not ids:
        return
    missing = sorted(set(ids) - known_members(conn, ids))
    if missing:
        raise NotFoundError(f"unknown {what} member(s): {', '.join(missing)}; "
                            "see `coalition member list`")


def public_key(conn: Connection, member: str) -> str:
    key = conn.execute(sa.select(lt.members.c.public_key)
                       .where(lt.members.c.id == member)).scalar_one_or_none()
    if key is None:
        raise NotFoundError(f"no member {member!r}; see `coalition member list`")
    return str(key)


# -- sharing groups --------------------------------------------------------------------------

def create_group(conn: Connection, at: datetime, id: str, name: str, owner: str,
                 members: list[str]) -> Group:
    if not _GROUP_ID.match(id):
        raise UsageError(f"group id {id!r} must be lower-case letters, digits, . _ -")
    if conn.execute(sa.select(groups.c.id).where(groups.c.id == id)).first():
        raise ConflictError(f"sharing group {id!r} already exists; add members with "
                            f"`coalition exchange group add {id} MEMBER`")
    wanted = sorted({owner, *members})
    require_members(conn, wanted, "group")
    conn.execute(groups.insert().values(id=id, name=name.strip() or id, owner=owner,
                                        created_at=at))
    conn.execute(group_members.insert(), [{"group_id": id, "member": m, "added_at": at}
                                          for m in wanted])
    return get_group(conn, id)


def add_to_group(conn: Connection, at: datetime, id: str, members: list[str]) -> Group:
    group = get_group(conn, id)
    require_members(conn, members, "group")
    new = sorted(set(members) - set(group.members))
    if new:
        conn.execute(group_members.insert(), [{"group_id": id, "member": m, "added_at": at}
                                              for m in new])
    return get_group(conn, id)


def get_group(conn: Connection, id: str) -> Group:
    rows = conn.execute(sa.select(groups.c.id, groups.c.name, groups.c.owner,
                                  group_members.c.member)
                        .outerjoin(group_members, group_members.c.group_id == groups.c.id)
                        .where(groups.c.id == id).order_by(group_members.c.member)).all()
    if not rows:
        raise NotFoundError(f"no sharing group {id!r}; see `coalition exchange group list`")
    row = rows[0]
    return Group(row.id, row.name, row.owner, tuple(r.member for r in rows if r.member))


def all_groups(conn: Connection) -> list[Group]:
    ids = conn.execute(sa.select(groups.c.id).order_by(groups.c.id)).scalars().all()
    return [get_group(conn, i) for i in ids]


# -- users and their tokens ------------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(conn: Connection, at: datetime, member: str, name: str,
                ttl: timedelta | None = None) -> tuple[User, str]:
    """A user acting for `member`, and its bearer token (shown once, stored only hashed)."""
    require_members(conn, [member], "user's")
    token = "cx_" + secrets.token_urlsafe(32)
    user = User(id=f"u-{uuid.uuid4().hex[:16]}", member=member, name=name.strip() or "user",
                expires_at=at + ttl if ttl else None)
    conn.execute(users.insert().values(id=user.id, member=member, name=user.name,
                                       token_hash=token_hash(token),
                                       expires_at=user.expires_at, created_at=at))
    return user, token


def link_account(conn: Connection, at: datetime, account: str, member: str,
                 name: str) -> Principal:
    """The exchange user standing for an account of the node's API (the same id), made on
    first use. It has no exchange token of its own: its token column holds a marker that is
    no SHA-256 digest, so no token ever authenticates as it."""
    row = conn.execute(sa.select(users.c.member).where(users.c.id == account)).first()
    if row is None:
        require_members(conn, [member], "account's")
        try:
            with conn.begin_nested():
                conn.execute(users.insert().values(id=account, member=member,
                                                   name=name.strip()[:255] or account,
                                                   token_hash=f"account:{account}"[:64],
                                                   created_at=at))
        except sa.exc.IntegrityError:  # made meanwhile by a concurrent request
            row = conn.execute(sa.select(users.c.member).where(users.c.id == account)).first()
    if row is not None and row.member != member:
        raise UnauthorizedError(f"account {account!r} is linked to member {row.member!r}, "
                                f"not {member!r}")
    return Principal(member=member, user=account)


def get_user(conn: Connection, id: str) -> User:
    row = conn.execute(sa.select(users).where(users.c.id == id)).first()
    if row is None:
        raise NotFoundError(f"no user {id!r}")
    return User(row.id, row.member, row.name, aware(row.expires_at))


def authenticate(conn: Connection, at: datetime, token: str | None) -> Principal:
    """The principal a bearer token stands for; unknown or expired tokens are refused (401)."""
    if not token:
        raise UnauthorizedError("no credentials: send `Authorization: Bearer <token>`")
    row = conn.execute(sa.select(users).where(users.c.token_hash == token_hash(token))).first()
    if row is None:
        raise UnauthorizedError("unknown credentials: the token is not one this node issued")
    expires = aware(row.expires_at)
    if expires is not None and expires <= at:
        raise UnauthorizedError(f"credentials expired at {expires.isoformat()}; ask for a new "
                                "token")
    return Principal(member=row.member, user=row.id)


def check_principal(conn: Connection, principal: Principal) -> None:
    """Refuse a principal whose member is unknown or whose user is not the member's."""
    owner = None
    if principal.user is not None:
        owner = conn.execute(sa.select(users.c.member).where(users.c.id == principal.user)
                             ).scalar_one_or_none()
        if owner == principal.member:  # a user's member exists (a foreign key)
            return
    require_members(conn, [principal.member], "acting")
    if principal.user is not None:
        if owner != principal.member:
            raise UnauthorizedError(f"user {principal.user!r} does not act for member "
                                    f"{principal.member!r}")


# -- webhook endpoints -----------------------------------------------------------------------

def set_endpoint(conn: Connection, at: datetime, member: str, url: str,
                 secret: str | None = None) -> str:
    """Register (or replace) a member's webhook URL; returns the signing secret."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"webhook URL {url!r} must be http(s)://host[:port]/path")
    require_members(conn, [member], "endpoint's")
    secret = secret or new_secret()
    conn.execute(endpoints.delete().where(endpoints.c.member == member))
    conn.execute(endpoints.insert().values(member=member, url=url, secret=secret,
                                           created_at=at))
    return secret


def endpoints_of(conn: Connection, members: set[str]) -> dict[str, tuple[str, str]]:
    rows = conn.execute(sa.select(endpoints).where(endpoints.c.member.in_(members)))
    return {r.member: (r.url, r.secret) for r in rows}
