"""Signing keys live in files of mode 0600 (optionally encrypted), never in the database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from coalition.errors import ConflictError, InputError, UsageError
from coalition.ledger import KeyStore, Ledger
from coalition.store import Store


def test_key_files_are_private_and_only_public_keys_are_stored(sqlite_store: Store,
                                                               tmp_path: Path) -> None:
    ledger = Ledger(sqlite_store, tmp_path / "keys")
    member = ledger.add_member("fr", "France", country="FR", kind="foreign-ministry")
    path = tmp_path / "keys" / "fr.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert member.country == "fr" and len(member.public_key) == 64
    private = path.read_text()
    with sqlite_store.engine.connect() as conn:
        dump = "\n".join(str(r) for r in conn.execute(sa.text("select * from ledger_members")))
    assert member.public_key in dump and private.splitlines()[1] not in dump
    with pytest.raises(ConflictError, match="already exists"):
        ledger.add_member("fr", "France again")


def test_loose_permissions_and_passphrases(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path, passphrase=b"correct horse")
    keys.create("de")
    assert b"ENCRYPTED" in (tmp_path / "de.pem").read_bytes()
    assert KeyStore(tmp_path, passphrase=b"correct horse").load("de")
    with pytest.raises(InputError, match="wrong passphrase"):
        KeyStore(tmp_path, passphrase=b"wrong").load("de")
    with pytest.raises(InputError, match="a passphrase is needed"):
        KeyStore(tmp_path).load("de")
    (tmp_path / "de.pem").chmod(0o644)
    with pytest.raises(InputError, match="chmod 600"):
        KeyStore(tmp_path, passphrase=b"correct horse").load("de")
    with pytest.raises(UsageError, match="never overwritten"):
        keys.create("de")


def test_member_fields_are_checked(sqlite_store: Store, tmp_path: Path) -> None:
    ledger = Ledger(sqlite_store, tmp_path)
    with pytest.raises(UsageError, match="kind 'army'"):
        ledger.add_member("x", "X", kind="army")
    with pytest.raises(UsageError, match="unknown country"):
        ledger.add_member("x", "X", country="Atlantis")
    with pytest.raises(UsageError, match="member id"):
        ledger.add_member("Bad Id", "X")
    assert ledger.members() == []


def test_signatures_checked_in_worker_processes_find_the_bad_one() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from coalition.ledger.keys import public_hex
    from coalition.ledger.signatures import Checker, Signer, verify_all

    key = Ed25519PrivateKey.generate()
    jobs = [(public_hex(key), key.sign(b"m%d" % i).hex(), b"m%d" % i) for i in range(300)]
    jobs[157] = (jobs[157][0], jobs[157][1], b"changed")
    jobs[200] = ("zz", jobs[200][1], jobs[200][2])
    expected = [i not in (157, 200) for i in range(300)]
    assert verify_all(jobs, parallel=True) == expected
    assert verify_all(jobs, parallel=False) == expected
    checker = Checker(parallel=True)
    for job in jobs:
        checker.add(job)
    assert checker.results() == expected
    other = Ed25519PrivateKey.generate()  # a key file that is not the registered key
    for parallel in (True, False):
        signer = Signer(parallel=parallel)
        for i in range(300):
            signer.add("b" if i == 42 else "a", other if i == 42 else key, public_hex(key),
                       b"m%d" % i)
        results = signer.results()
        assert [ok for _, ok in results] == [i != 42 for i in range(300)]
        assert results[7][0] == key.sign(b"m7").hex()
