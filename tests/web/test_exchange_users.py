"""The exchange user each account acts as (web and API alike): made once, the same afterwards,
of its member."""

from __future__ import annotations

from pathlib import Path

from coalition.accounts import Accounts
from coalition.exchange import ExchangeService, KeyStoreSigner, WarningDraft
from coalition.ledger import KeyStore, Ledger
from coalition.store import Store


def test_each_account_gets_one_exchange_user_of_its_member(store: Store, tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "keys")
    ledger = Ledger(store, keys)
    for member in ("fr", "de"):
        ledger.add_member(member, f"Member {member}")
    accounts = Accounts(store)
    ann = accounts.verify_password(accounts.add_user("ann", "fr", "analyst", "a long password")
                                   .username, "a long password")
    bob = accounts.verify_password(accounts.add_user("bob", "de", "analyst", "a long password")
                                   .username, "a long password")
    exchange = ExchangeService(store, signer=KeyStoreSigner(keys))

    first = exchange.account(ann.user_id, ann.member_id, ann.username)
    assert first.member == "fr" and first.user
    assert exchange.account(ann.user_id, ann.member_id, ann.username) == first  # linked once, reused
    other = exchange.account(bob.user_id, bob.member_id, bob.username)
    assert other.member == "de" and other.user != first.user

    item = exchange.warn(other, WarningDraft(title="t", text="x", recipients=["fr"]))
    assert [v.id for v in exchange.list_items(first)] == [item]  # the policy admits it
    exchange.acknowledge(first, item)
    assert exchange.recipients_of(other, item)[0]["state"] == "acknowledged"
