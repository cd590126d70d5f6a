"""Key rotation: a member replaces its key by a statement signed with the old one (or an admin
member does it for a lost key); statements verify with the key valid at their place in the
log, and a statement signed with a retired key is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from coalition.errors import ConflictError, InputError, NotFoundError
from coalition.ledger import Ledger, SignedStatement
from coalition.ledger.canonical import canonical
from coalition.ledger.keys import KeyStore, public_hex
from coalition.ledger.rotation import KeyRotation
from tests.ledger.test_bad_input import draft, refused


def test_rotation_by_the_member_and_a_retired_key_is_refused(ledger: Ledger) -> None:
    ledger.record(draft(reasons="before the rotation"))
    old_key = ledger.keys.load("fr")
    old_public = public_hex(old_key)
    sid = ledger.rotate_key("fr", reason="annual rotation")
    new_public = public_hex(ledger.keys.load("fr"))
    assert new_public != old_public
    assert public_hex(ledger.keys.load("fr.retired-1")) == old_public  # kept, not overwritten
    assert not ledger.keys.has("fr.next")
    ledger.record(draft(reasons="after the rotation, with the new key"))
    assert [r.member for r in ledger.rows()] == ["fr", "fr"]  # the rotation is no designation
    stale = canonical(draft(reasons="signed with the old key").payload(ledger.next_seq("fr")))
    refused(ledger, InputError, "retired key .*from its statement 3",
            lambda: ledger.submit([SignedStatement(stale, old_key.sign(stale).hex())]))
    audit = ledger.log.verify()
    assert audit.ok and audit.statements == 3, audit.problems
    with ledger.engine.connect() as conn:
        row = conn.execute(sa.text("select member, from_seq, public_key, statement_id "
                                   "from ledger_member_keys")).one()
    assert tuple(row) == ("fr", 3, new_public, sid)
    # the same key again is refused: a key is never reused
    refused(ledger, ConflictError, "never used again",
            lambda: ledger.rotate_key("fr", reason="back", public_key=old_public))


def test_an_admin_replaces_a_lost_key(ledger: Ledger, tmp_path: Path) -> None:
    ledger.record(draft("de"))
    ledger.keys.path("de").unlink()  # the key file is lost
    refused(ledger, InputError, "not an admin",
            lambda: ledger.rotate_key("de", by="fr", reason="lost",
                                      public_key=public_hex(KeyStore(tmp_path / "x").create("de"))))
    ledger.grant_admin("unsc")
    sid = ledger.rotate_key("de", by="unsc", reason="key file lost in a server failure")
    rotation = ledger.signed(sid)
    assert b'"member":"unsc"' in rotation.payload and b'"subject":"de"' in rotation.payload
    ledger.record(draft("de", reasons="signed with the replacement key"))
    assert ledger.log.verify().ok
    assert len(ledger.rows(member="de")) == 2 and ledger.next_seq("de") == 3


def test_a_rotation_signed_elsewhere_and_tampering_with_it(ledger: Ledger,
                                                           tmp_path: Path) -> None:
    ledger.record(draft())
    fresh = KeyStore(tmp_path / "ru-new").create("ru")
    payload = canonical(KeyRotation("ru", "ru", public_hex(fresh), "moved to an HSM")
                        .payload(ledger.next_seq("ru")))
    forged = SignedStatement(payload, fresh.sign(payload).hex())  # signed with the NEW key
    refused(ledger, InputError, "bad signature", lambda: ledger.submit([forged]))
    good = SignedStatement(payload, ledger.keys.load("ru").sign(payload).hex())
    ledger.submit([good])
    statement = canonical(draft("ru").payload(ledger.next_seq("ru")))
    ledger.submit([SignedStatement(statement, fresh.sign(statement).hex())])
    assert ledger.log.verify().ok
    with ledger.engine.begin() as conn:
        conn.execute(sa.text("update ledger_statements set payload = replace(payload, "
                             ":old, :new) where id = :id"),
                     {"old": public_hex(fresh)[:8], "new": "00000000", "id": good.id})
    audit = ledger.log.verify()
    named = {p.statement_id for p in audit.problems}
    assert good.id in named and not audit.ok


def test_bad_rotations(ledger: Ledger) -> None:
    ledger.record(draft())
    refused(ledger, NotFoundError, "unknown member 'xx'",
            lambda: ledger.rotate_key("xx", by="fr", reason="?", public_key="ab" * 32))
    refused(ledger, InputError, "new_key",
            lambda: ledger.rotate_key("fr", reason="?", public_key="not-hex"))
    ledger.grant_admin("fr")
    with pytest.raises(NotFoundError, match="key rotation for unknown member 'xx'"):
        ledger.rotate_key("xx", by="fr", reason="?", public_key="ab" * 32)
