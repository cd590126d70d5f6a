"""`Accounts(store)`: the users who act for members, their roles, API tokens and passwords.

Every user acts for exactly one member of the joint list (a state, an agency, an
international body) with one role:

    admin      everything, including users and tokens of its own member
    analyst    the joint list, the exchange, the monitor, screening
    screener   screening only (`/match`, `/search`, `/entities`)

`authenticate(token)` turns a bearer token into a `Principal`; unknown, revoked or disabled
credentials are refused with a 401 that says which.
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa

from coalition.accounts import hashing
from coalition.accounts.tables import tokens, users
from coalition.errors import ConflictError, NotFoundError, UnauthorizedError, UsageError
from coalition.ledger import tables as lt
from coalition.store import Store

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
# last_used_at is written at most this often per token, not on every request
TOUCH_EVERY = timedelta(seconds=60)


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    SCREENER = "screener"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user, the member it acts for and its role (and the token used)."""

    user_id: str
    username: str
    member_id: str
    role: str
    token_id: str | None = None


@dataclass(frozen=True)
class User:
    id: str
    username: str
    member_id: str
    role: str
    created_at: datetime
    disabled: bool
    has_password: bool

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "username": self.username, "member_id": self.member_id,
                "role": self.role, "created_at": self.created_at.isoformat(),
                "disabled": self.disabled, "has_password": self.has_password}


@dataclass(frozen=True)
class TokenInfo:
    id: str
    username: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def to_dict(self) -> dict[str, object]:
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"id": self.id, "username": self.username, "label": self.label,
                "created_at": iso(self.created_at), "last_used_at": iso(self.last_used_at),
                "revoked_at": iso(self.revoked_at)}


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `token` is shown once and is not stored anywhere."""

    id: str
    token: str
    user: User


def check_role(role: str) -> Role:
    try:
        return Role(role.strip().lower())
    except ValueError:
        raise UsageError(f"unknown role {role!r}; use one of "
                         f"{', '.join(r.value for r in Role)}") from None


def check_username(name: str) -> str:
    username = name.strip().lower()
    if not _USERNAME.match(username):
        raise UsageError(f"username {name!r} must be 1-64 characters: letters, digits and . _ @ -"
                         ", starting with a letter or digit")
    return username


def check_password_text(password: str) -> str:
    if not hashing.MIN_PASSWORD <= len(password) <= hashing.MAX_PASSWORD:
        raise UsageError(f"a password needs {hashing.MIN_PASSWORD} to {hashing.MAX_PASSWORD} "
                         f"characters; got {len(password)}")
    return password


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _user(row: sa.Row) -> User:
    return User(row.id, row.username, row.member, row.role, _aware(row.created_at),  # type: ignore[arg-type]
                bool(row.disabled), row.password_hash is not None)


class Accounts:
    """Users, tokens and passwords in the store's database."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- users ---------------------------------------------------------------------------

    def add_user(self, username: str, member_id: str, role: str,
                 password: str | None = None) -> User:
        """A new user acting for `member_id` (a member of the joint list) with `role`."""
        name, rank = check_username(username), check_role(role)
        hashed = hashing.hash_password(check_password_text(password)) if password else None
        with self.engine.begin() as conn:
            if conn.execute(sa.select(lt.members.c.id).where(lt.members.c.id == member_id)
                            ).first() is None:
                raise NotFoundError(f"no member {member_id!r}; users act for a member of the "
                                    "joint list (see `coalition member list` / `member add`)")
            if conn.execute(sa.select(users.c.id).where(users.c.username == name)).first():
                raise ConflictError(f"user {name!r} already exists; see `coalition user list`")
            uid = "usr-" + uuid.uuid4().hex[:16]
            now = datetime.now(UTC)
            conn.execute(users.insert().values(id=uid, username=name, member=member_id,
                                               role=rank.value, password_hash=hashed,
                                               created_at=now, disabled=False))
        return User(uid, name, member_id, rank.value, now, False, hashed is not None)

    def user(self, username: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(
                users.c.username == username.strip().lower())).first()
        if row is None:
            raise NotFoundError(f"no user {username!r}; see `coalition user list`")
        return _user(row)

    def list_users(self, member_id: str | None = None) -> list[User]:
        q = sa.select(users).order_by(users.c.username)
        if member_id:
            q = q.where(users.c.member == member_id)
        with self.engine.connect() as conn:
            return [_user(r) for r in conn.execute(q)]

    def set_disabled(self, username: str, disabled: bool = True) -> User:
        """Disable (or enable again) a user: its tokens and password stop working at once."""
        user = self.user(username)
        with self.engine.begin() as conn:
            conn.execute(users.update().where(users.c.id == user.id).values(disabled=disabled))
        return self.user(username)

    # -- passwords -----------------------------------------------------------------------

    def set_password(self, username: str, password: str) -> None:
        user = self.user(username)
        hashed = hashing.hash_password(check_password_text(password))
        with self.engine.begin() as conn:
            conn.execute(users.update().where(users.c.id == user.id)
                         .values(password_hash=hashed))

    def verify_password(self, username: str, password: str) -> Principal:
        """The principal for a web login; one 401 message for every failure so that it does
        not tell which usernames exist."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(
                users.c.username == username.strip().lower())).first()
        stored = row.password_hash if row is not None else None
        ok = hashing.check_password(password, stored or _dummy_hash())
        if row is None or not ok or not stored or row.disabled:
            raise UnauthorizedError("wrong username or password, or the user is disabled")
        return Principal(row.id, row.username, row.member, row.role)

    # -- tokens --------------------------------------------------------------------------

    def issue_token(self, username: str, label: str = "") -> IssuedToken:
        """A new API token for a user; only its SHA-256 is stored."""
        user = self.user(username)
        if user.disabled:
            raise ConflictError(f"user {user.username!r} is disabled; enable it first")
        token, tid = hashing.new_token(), "tok-" + uuid.uuid4().hex[:16]
        with self.engine.begin() as conn:
            conn.execute(tokens.insert().values(
                id=tid, user_id=user.id, token_hash=hashing.token_digest(token),
                label=label.strip()[:255], created_at=datetime.now(UTC)))
        return IssuedToken(tid, token, user)

    def revoke_token(self, token_id: str) -> TokenInfo:
        with self.engine.begin() as conn:
            found = conn.execute(sa.select(tokens.c.revoked_at)
                                 .where(tokens.c.id == token_id)).first()
            if found is None:
                raise NotFoundError(f"no token {token_id!r}; see `coalition token list`")
            if found.revoked_at is None:
                conn.execute(tokens.update().where(tokens.c.id == token_id)
                             .values(revoked_at=datetime.now(UTC)))
        return self.token(token_id)

    def token(self, token_id: str) -> TokenInfo:
        rows = self._tokens(tokens.c.id == token_id)
        if not rows:
            raise NotFoundError(f"no token {token_id!r}")
        return rows[0]

    def list_tokens(self, username: str | None = None) -> list[TokenInfo]:
        where = users.c.username == username.strip().lower() if username else sa.true()
        return self._tokens(where)

    def _tokens(self, where: sa.ColumnElement[bool]) -> list[TokenInfo]:
        q = (sa.select(tokens, users.c.username).join(users, users.c.id == tokens.c.user_id)
             .where(where).order_by(tokens.c.created_at, tokens.c.id))
        with self.engine.connect() as conn:
            return [TokenInfo(r.id, r.username, r.label, _aware(r.created_at),  # type: ignore[arg-type]
                              _aware(r.last_used_at), _aware(r.revoked_at))
                    for r in conn.execute(q)]

    def authenticate(self, token: str | None) -> Principal:
        """The principal a token stands for, or a 401 naming what is wrong with it."""
        if not token:
            raise UnauthorizedError("no credentials: send `Authorization: Bearer <token>`")
        q = (sa.select(tokens.c.id, tokens.c.revoked_at, tokens.c.last_used_at, users.c.id.label(
            "user_id"), users.c.username, users.c.member, users.c.role, users.c.disabled)
             .join(users, users.c.id == tokens.c.user_id)
             .where(tokens.c.token_hash == hashing.token_digest(token)))
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        if row is None:
            raise UnauthorizedError("unknown token: it is not one this node issued")
        if row.revoked_at is not None:
            raise UnauthorizedError(f"token {row.id} was revoked on "
                                    f"{_aware(row.revoked_at).isoformat()}")  # type: ignore[union-attr]
        if row.disabled:
            raise UnauthorizedError(f"user {row.username!r} is disabled")
        now = datetime.now(UTC)
        last = _aware(row.last_used_at)
        if last is None or now - last >= TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(tokens.update().where(tokens.c.id == row.id)
                             .values(last_used_at=now))
        return Principal(row.user_id, row.username, row.member, row.role, token_id=row.id)


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the user does not exist, so both failures take the same time."""
    return hashing.hash_password("not a real password")
