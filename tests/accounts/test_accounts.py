"""Accounts: users belong to a member and have one role; tokens and passwords stored hashed;
bad input refused with the value named, changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from coalition.accounts import Accounts, Principal
from coalition.accounts.hashing import check_password, hash_password
from coalition.accounts.tables import users
from coalition.errors import ConflictError, NotFoundError, UnauthorizedError, UsageError
from coalition.ledger import KeyStore, Ledger
from coalition.store import Store

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(store: Store, tmp_path: Path) -> Accounts:
    Ledger(store, KeyStore(tmp_path / "keys")).add_member("fr", "France", country="fr")
    return Accounts(store)


def test_user_acts_for_a_member_with_a_role(accounts: Accounts) -> None:
    user = accounts.add_user("Alice", "fr", "Analyst", password=PASSWORD)
    assert (user.username, user.member_id, user.role, user.has_password) == (
        "alice", "fr", "analyst", True)
    issued = accounts.issue_token("alice", "screening")
    assert accounts.authenticate(issued.token) == Principal(
        user.id, "alice", "fr", "analyst", token_id=issued.id)
    assert accounts.verify_password("ALICE", PASSWORD) == Principal(user.id, "alice", "fr",
                                                                    "analyst")
    assert [u.username for u in accounts.list_users()] == ["alice"]


@pytest.mark.parametrize("args,error,words", [
    (("bob", "xx", "analyst"), NotFoundError, "no member 'xx'"),
    (("bob", "fr", "king"), UsageError, "unknown role 'king'"),
    (("bob smith", "fr", "analyst"), UsageError, "'bob smith'"),
    (("", "fr", "analyst"), UsageError, "username"),
])
def test_bad_users_are_refused(accounts: Accounts, args: tuple[str, str, str],
                               error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        accounts.add_user(*args)
    assert accounts.list_users() == []


def test_duplicate_user_and_short_password(accounts: Accounts) -> None:
    accounts.add_user("alice", "fr", "screener")
    with pytest.raises(ConflictError, match="already exists"):
        accounts.add_user("ALICE", "fr", "admin")
    with pytest.raises(UsageError, match="10 to 1024"):
        accounts.add_user("bob", "fr", "admin", password="short")
    assert [u.username for u in accounts.list_users()] == ["alice"]


def test_password_failures_say_the_same(accounts: Accounts, store: Store) -> None:
    accounts.add_user("alice", "fr", "analyst", password=PASSWORD)
    accounts.add_user("nopass", "fr", "analyst")
    messages = set()
    for name, password in (("alice", "wrong password"), ("nobody", PASSWORD),
                           ("nopass", PASSWORD)):
        with pytest.raises(UnauthorizedError) as info:
            accounts.verify_password(name, password)
        messages.add(str(info.value))
    assert len(messages) == 1
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash)
                              .where(users.c.username == "alice")).scalar_one()
    assert PASSWORD not in stored and stored.startswith("scrypt$")
    accounts.set_password("alice", "another long password")
    with pytest.raises(UnauthorizedError):
        accounts.verify_password("alice", PASSWORD)
    assert accounts.verify_password("alice", "another long password").username == "alice"


def test_scrypt_hashes_are_salted() -> None:
    first, second = hash_password(PASSWORD, n=2**10), hash_password(PASSWORD, n=2**10)
    assert first != second
    assert check_password(PASSWORD, first) and check_password(PASSWORD, second)
    assert not check_password(PASSWORD + "!", first)
    assert not check_password(PASSWORD, "scrypt$garbage") and not check_password(PASSWORD, None)


def test_revoke_and_disable(accounts: Accounts) -> None:
    accounts.add_user("alice", "fr", "analyst")
    one, two = accounts.issue_token("alice"), accounts.issue_token("alice")
    assert one.token != two.token
    accounts.revoke_token(one.id)
    with pytest.raises(UnauthorizedError, match="revoked"):
        accounts.authenticate(one.token)
    assert accounts.authenticate(two.token).username == "alice"
    accounts.set_disabled("alice")
    with pytest.raises(UnauthorizedError, match="disabled"):
        accounts.authenticate(two.token)
    with pytest.raises(ConflictError, match="disabled"):
        accounts.issue_token("alice")
    with pytest.raises(NotFoundError):
        accounts.revoke_token("tok-nope")
    for bad in (None, "", "cot_unknown"):
        with pytest.raises(UnauthorizedError):
            accounts.authenticate(bad)
