"""Refused statements: each gets a clear error and leaves the ledger exactly as it was."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from coalition.errors import CoalitionError, ConflictError, InputError, NotFoundError
from coalition.ledger import Draft, Ledger, Position, SignedStatement
from coalition.ledger.canonical import canonical
from coalition.ledger.keys import KeyStore

CH = "ftm-demo-crimson-hand"


def draft(member: str = "fr", **kw: object) -> Draft:
    base: dict[str, object] = dict(member=member, entity=CH, position=Position.LISTED,
                                   legal_basis="L562-2", effective="2015-01-01")
    base.update(kw)
    return Draft(**base)  # type: ignore[arg-type]


def snapshot(ledger: Ledger) -> tuple[int, int, str]:
    with ledger.engine.connect() as conn:
        n = conn.execute(sa.text("select count(*) from ledger_statements")).scalar_one()
        e = conn.execute(sa.text("select count(*) from ledger_entities")).scalar_one()
    return n, e, ledger.head().root_hash


def refused(ledger: Ledger, error: type[CoalitionError], match: str,
            act: Callable[[], object]) -> None:
    before = snapshot(ledger)
    with pytest.raises(error, match=match):
        act()
    assert snapshot(ledger) == before


@pytest.fixture
def started(ledger: Ledger) -> tuple[Ledger, str]:
    sid, = ledger.record(draft())
    return ledger, sid


def test_bad_signature(started: tuple[Ledger, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger, _ = started
    payload = canonical(draft("de").payload(ledger.next_seq("de")))
    forger = KeyStore(tmp_path / "other").create("de")
    refused(ledger, InputError, "bad signature",
            lambda: ledger.submit([SignedStatement(payload, forger.sign(payload).hex())]))
    good = ledger.sign(draft("de"), ledger.next_seq("de"))
    tampered = SignedStatement(good.payload.replace(b"AWG", b"AWX").replace(b"L562", b"L563"),
                               good.signature)
    refused(ledger, InputError, "bad signature", lambda: ledger.submit([tampered]))


def test_unknown_member_and_entity(started: tuple[Ledger, str]) -> None:
    ledger, _ = started
    payload = canonical(draft("xx").payload(1))
    key = ledger.keys.load("fr")
    refused(ledger, NotFoundError, "unknown member 'xx'",
            lambda: ledger.submit([SignedStatement(payload, key.sign(payload).hex())]))
    refused(ledger, NotFoundError, "unknown entity 'ftm-demo-nobody'",
            lambda: ledger.record(draft(entity="ftm-demo-nobody")))


def test_dates_out_of_order_and_bad_values(started: tuple[Ledger, str]) -> None:
    ledger, _ = started
    refused(ledger, InputError, "dates out of order",
            lambda: ledger.record(draft(effective="2016-01-01", until="2015-12-31")))
    refused(ledger, InputError, "not an ISO date",
            lambda: ledger.record(draft(effective="2015-02-30")))
    refused(ledger, InputError, "position 'terrorist'",
            lambda: ledger.record(draft(position="terrorist")))
    refused(ledger, InputError, "SHA-256",
            lambda: ledger.record(draft(evidence=["not-a-digest"])))
    refused(ledger, InputError, "dates out of order: deadline",
            lambda: ledger.record(draft(proposal={"deadline": "2001-01-01", "quorum": 2})))


def test_replay_of_an_earlier_statement(started: tuple[Ledger, str]) -> None:
    ledger, sid = started
    again = ledger.signed(sid)
    refused(ledger, ConflictError, "replay: statement .* already recorded",
            lambda: ledger.submit([again]))
    stale = ledger.sign(draft(reasons="re-signed with an old number"), 1)
    refused(ledger, ConflictError, "next sequence number is 2",
            lambda: ledger.submit([stale]))
    fresh = ledger.sign(draft(reasons="twice"), 2)
    refused(ledger, ConflictError, "replay", lambda: ledger.submit([fresh, fresh]))


def test_supersession_rules(started: tuple[Ledger, str]) -> None:
    ledger, sid = started
    refused(ledger, ConflictError, "own member's statement",
            lambda: ledger.record(draft("de", supersedes=sid)))
    refused(ledger, NotFoundError, "supersedes unknown statement",
            lambda: ledger.record(draft(supersedes="0" * 64)))
    ledger.record(draft(effective="2015-02-01", supersedes=sid))
    refused(ledger, ConflictError, "already superseded",
            lambda: ledger.record(draft(effective="2015-03-01", supersedes=sid)))


def test_non_canonical_payload_and_a_batch_is_all_or_nothing(started: tuple[Ledger, str]) -> None:
    ledger, _ = started
    good = ledger.sign(draft("de"), 1)
    loose = good.payload.replace(b'{"', b'{ "', 1)
    key = ledger.keys.load("de")
    refused(ledger, InputError, "canonical form",
            lambda: ledger.submit([SignedStatement(loose, key.sign(loose).hex())]))
    refused(ledger, NotFoundError, r"statement 2 of 2 .*unknown entity",
            lambda: ledger.record(draft("de"), draft("ru", entity="ftm-demo-nobody")))


def test_new_entity_must_be_new_and_valid(started: tuple[Ledger, str]) -> None:
    ledger, _ = started
    refused(ledger, ConflictError, "already exists",
            lambda: ledger.record(draft(new_entity={"id": CH, "schema": "Organization"})))
    refused(ledger, InputError, "not valid FtM",
            lambda: ledger.record(draft(entity="x-1", new_entity={"id": "x-1",
                                                                  "schema": "Starship"})))


def test_answer_after_the_deadline_and_a_sequence_gap(started: tuple[Ledger, str]) -> None:
    ledger, _ = started
    pid, = ledger.record(draft("de", proposal={"deadline": "2099-01-01", "quorum": 2},
                               issued="2015-01-01T00:00:00Z"))
    closed, = ledger.record(draft("ru", proposal={"deadline": "2015-02-01", "quorum": 2},
                                  issued="2015-01-01T00:00:00Z"))
    refused(ledger, ConflictError, "dates out of order: the proposal closed on 2015-02-01",
            lambda: ledger.record(draft(responds_to=closed, issued="2015-03-01T00:00:00Z")))
    ahead = ledger.sign(draft(reasons="skips a number"), 5)
    refused(ledger, ConflictError, "replay or gap: .*next sequence number is 2, this "
                                   "statement has 5", lambda: ledger.submit([ahead]))
    assert ledger.proposals("2015-01-15")[0].id in (pid, closed)


@pytest.mark.parametrize(("payload", "signature", "match"), [
    (b"\xff\xfe not utf-8", "00" * 64, "not JSON"),
    (b"[1,2,3]", "00" * 64, "must be a JSON object"),
    (b'{"v":1}', "00" * 64, "payload keys are wrong"),
    (b'{"v":1,' + b'"x":"' + b"A" * 100 + b'"}', "zz", "payload keys are wrong"),
])
def test_hostile_payloads(started: tuple[Ledger, str], payload: bytes, signature: str,
                          match: str) -> None:
    ledger, _ = started
    refused(ledger, InputError, match,
            lambda: ledger.submit([SignedStatement(payload, signature)]))


def test_oversized_text_and_a_key_file_that_is_not_the_registered_key(
        started: tuple[Ledger, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    ledger, _ = started
    refused(ledger, InputError, "at most 20,000 characters",
            lambda: ledger.record(draft(reasons="x" * 20_001)))
    path = ledger.keys.path("de")
    path.unlink()
    KeyStore(tmp_path / "elsewhere").create("de")
    (tmp_path / "elsewhere" / "de.pem").rename(path)
    swapped = Ledger(ledger.store, ledger.keys.folder)  # reads the key files afresh
    # one statement is signed in place, a large batch in worker processes: both refused
    refused(swapped, InputError, "bad signature: not signed by member 'de'",
            lambda: swapped.record(draft("de")))
    many = [draft("de", reasons=f"statement {i}") for i in range(600)]
    refused(swapped, InputError, "bad signature", lambda: swapped.record(*many))


def test_an_old_statement_submitted_again_after_a_rotation(started: tuple[Ledger, str]) -> None:
    ledger, sid = started
    ledger.rotate_key("fr", reason="rotation")
    refused(ledger, ConflictError, "replay: statement .* already recorded",
            lambda: ledger.submit([ledger.signed(sid)]))
