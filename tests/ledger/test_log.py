"""The transparency log: proofs for every statement and between tree heads, and an audit
that names any statement changed behind the ledger's back (one byte in the database)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coalition.errors import NotFoundError
from coalition.ledger import Ledger
from coalition.ledger.merkle import leaf_hash
from tests.ledger.test_scenario import play


def test_every_statement_has_an_inclusion_proof(ledger: Ledger) -> None:
    play(ledger)
    rows = ledger.rows()
    head = ledger.head()
    assert head.tree_size == len(rows) == 13
    assert ledger.log.check_head(head)
    for r in rows:
        proof = ledger.log.prove_inclusion(r.id)
        assert proof.leaf_index == r.log_index
        assert proof.leaf_hash == leaf_hash(ledger.signed(r.id).leaf()).hex()
        assert proof.check()
    forged = ledger.log.prove_inclusion(rows[3].id)
    object.__setattr__(forged, "leaf_hash", rows[4].id)
    assert not forged.check()


def test_consistency_between_all_tree_heads(ledger: Ledger) -> None:
    play(ledger)
    heads = ledger.log.heads()
    assert [h.tree_size for h in heads] == [5, 6, 7, 12, 13]
    for old in heads:
        for new in heads:
            if old.tree_size <= new.tree_size:
                assert ledger.log.prove_consistency(old.tree_size, new.tree_size).check()
    early = ledger.log.prove_inclusion(ledger.rows()[0].id, size=5)
    assert early.head.tree_size == 5 and early.check()
    with pytest.raises(NotFoundError, match="no signed tree head of size 9"):
        ledger.log.prove_consistency(9)


def tamper(ledger: Ledger, sql: str, **params: object) -> None:
    with ledger.engine.begin() as conn:
        conn.execute(sa.text(sql), params)


def test_one_changed_byte_is_found_and_named(ledger: Ledger) -> None:
    play(ledger)
    assert ledger.log.verify().ok
    victim = ledger.rows()[7]
    payload = ledger.signed(victim.id).payload.decode()
    changed = payload.replace('"seq":', '"seq":', 1).replace("35-FZ", "36-FZ")
    assert sum(a != b for a, b in zip(payload, changed, strict=True)) == 1
    tamper(ledger, "update ledger_statements set payload = :p where id = :i", p=changed,
           i=victim.id)
    audit = ledger.log.verify()
    assert not audit.ok
    assert {p.statement_id for p in audit.problems} == {victim.id}
    assert any("content was changed" in p.what for p in audit.problems)
    assert any("signature does not verify" in p.what for p in audit.problems)


def test_changed_columns_signatures_heads_and_removals_are_found(ledger: Ledger) -> None:
    play(ledger)
    rows = ledger.rows()
    tamper(ledger, "update ledger_statements set position = 'not-listed' where id = :i",
           i=rows[2].id)
    sig = ledger.signed(rows[4].id).signature
    flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    tamper(ledger, "update ledger_statements set signature = :s where id = :i", s=flipped,
           i=rows[4].id)
    tamper(ledger, "update ledger_tree_heads set root_hash = :r where tree_size = 6", r="0" * 64)
    audit = ledger.log.verify()
    named = {(p.statement_id, p.what.split(" ")[0]) for p in audit.problems}
    assert (rows[2].id, "column") in named
    assert (rows[4].id, "signature") in named
    assert any(p.what.startswith("tree head of size 6: root hash") for p in audit.problems)
    assert all(p.statement_id in (None, rows[2].id, rows[4].id) for p in audit.problems)


def test_a_removed_statement_is_found(ledger: Ledger) -> None:
    play(ledger)
    victim = ledger.rows()[-1]
    tamper(ledger, "delete from ledger_statements where id = :i", i=victim.id)
    audit = ledger.log.verify()
    assert any("covers statements that are missing" in p.what for p in audit.problems)
