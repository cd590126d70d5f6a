"""Warnings, requests, retraction, consent, acknowledgement and escalation through the service."""

from __future__ import annotations

import pytest

from coalition.errors import ConflictError, ForbiddenError, NotFoundError, UsageError
from coalition.exchange import RequestDraft, WarningDraft

from .conftest import Node


def _three(node: Node):
    return node.member("fr-dgsi"), node.member("de-bfv"), node.member("ge-sss")


def test_warning_reaches_recipients_only_and_tracks_state(node: Node) -> None:
    fr, de, ge = _three(node)
    wid = node.service.warn(fr, WarningDraft(
        title="Planned attack on a stadium", text="A cell plans an attack in December.",
        severity="high", tlp="AMBER", recipients=["de-bfv"],
        subjects=[{"name": "Ivan Example", "schema": "Person"}],
        attachments=[{"sha256": "a" * 64, "name": "photo.jpg", "size": 2048}]))
    assert [v.id for v in node.service.list_items(de)] == [wid]
    assert node.service.list_items(ge) == []
    with pytest.raises(NotFoundError):
        node.service.get(ge, wid)
    assert node.service.verify_signature(wid)
    states = node.service.recipients_of(fr, wid)
    assert [(s["member"], s["state"]) for s in states] == [("de-bfv", "pending")]
    assert states[0]["deadline"] is not None  # high severity: acknowledgement deadline
    node.service.get(de, wid)
    assert node.service.recipients_of(fr, wid)[0]["state"] == "read"
    node.service.acknowledge(de, wid)
    assert node.service.recipients_of(fr, wid)[0]["state"] == "acknowledged"
    with pytest.raises(ForbiddenError):
        node.service.acknowledge(fr, wid)


def test_group_recipients_and_escalation(node: Node) -> None:
    fr, de, ge = _three(node)
    node.service.create_group(fr, "sochi", "Olympics security", ["de-bfv", "ge-sss"])
    wid = node.service.warn(fr, WarningDraft(title="Imminent", text="Explosives moved",
                                             severity="critical", tlp="AMBER+STRICT",
                                             group="sochi"))
    assert {v.id for v in node.service.list_items(ge)} == {wid}
    node.service.acknowledge(de, wid)
    assert node.service.escalate() == []
    node.clock.advance(hours=3)
    assert node.service.escalate() == [(wid, "ge-sss")]
    assert node.service.escalate() == []  # escalated once
    events, _ = node.service.poll(fr)
    assert [e["event"] for e in events] == ["escalation"]


def test_request_replies_and_states(node: Node) -> None:
    fr, de, ge = _three(node)
    rid = node.service.request(fr, RequestDraft(
        title="Travel of a suspect", questions=["Did he enter your country?", "With whom?"],
        due="2026-11-30", recipients=["de-bfv", "ge-sss"]))
    assert node.service.get(fr, rid).extra["request_state"] == "open"
    node.service.reply(de, rid, 1, "partial", "Entered once in 2025")
    node.service.reply(ge, rid, 1, "negative", "")
    node.service.reply(ge, rid, 2, "negative", "")
    own = node.service.get(fr, rid).extra
    assert own["request_state"] == "answered"
    assert len(own["replies"]) == 3
    # a recipient sees its own replies, not the other member's
    assert {r["member"] for r in node.service.get(de, rid).extra["replies"]} == {"de-bfv"}
    with pytest.raises(UsageError):
        node.service.reply(de, rid, 3, "answer", "no such question")
    rid2 = node.service.request(fr, RequestDraft(title="Other", questions=["Q?"],
                                                 due="2026-11-25", recipients=["de-bfv"]))
    node.clock.advance(days=2)
    assert node.service.get(fr, rid2).extra["request_state"] == "overdue"
    node.service.close(fr, rid2)
    assert node.service.get(fr, rid2).extra["request_state"] == "closed"
    with pytest.raises(ConflictError):
        node.service.reply(de, rid2, 1, "answer", "late")


def test_retraction_reaches_every_recipient(node: Node) -> None:
    fr, de, ge = _three(node)
    wid = node.service.warn(fr, WarningDraft(title="False alarm", text="...", tlp="GREEN",
                                             recipients=["de-bfv", "ge-sss"]))
    with pytest.raises(ForbiddenError):
        node.service.retract(de, wid, "not mine")
    node.service.retract(fr, wid, "Source withdrew the report")
    for p in (de, ge):
        events, _ = node.service.poll(p)
        assert [e["event"] for e in events] == ["warning", "retraction"]
        assert events[-1]["item"]["retraction_reason"] == "Source withdrew the report"
    with pytest.raises(ConflictError):
        node.service.retract(fr, wid, "again")


def test_passing_on_needs_the_originators_consent(node: Node) -> None:
    fr, de, ge = _three(node)
    wid = node.service.warn(fr, WarningDraft(title="T", text="x", tlp="AMBER",
                                             recipients=["de-bfv"]))
    cid = node.service.ask_consent(de, wid, "ge-sss")
    assert node.service.list_items(ge) == []
    with pytest.raises(ForbiddenError):
        node.service.decide_consent(de, cid, True)
    node.service.decide_consent(fr, cid, True)
    assert [v.id for v in node.service.list_items(ge)] == [wid]
    strict = node.service.warn(fr, WarningDraft(title="S", text="x", tlp="AMBER+STRICT",
                                                recipients=["de-bfv"]))
    with pytest.raises(ForbiddenError):
        node.service.ask_consent(de, strict, "ge-sss")


def test_red_is_for_named_users_only(node: Node) -> None:
    fr, de, ge = _three(node)
    de2 = node.user("de-bfv", "second analyst")
    with pytest.raises(UsageError):
        node.service.warn(fr, WarningDraft(title="R", text="x", tlp="RED",
                                           recipients=["de-bfv"]))
    wid = node.service.warn(fr, WarningDraft(title="R", text="x", tlp="RED",
                                             recipients=["de-bfv"], named_users=[de.user]))
    assert [v.id for v in node.service.list_items(de)] == [wid]
    assert node.service.list_items(de2) == []
    assert node.service.poll(de2)[0] == []


def test_unknown_recipients_and_bad_drafts_store_nothing(node: Node) -> None:
    fr, de, _ = _three(node)
    with pytest.raises(NotFoundError, match="xx-nobody"):
        node.service.warn(fr, WarningDraft(title="T", text="x", recipients=["xx-nobody"]))
    with pytest.raises(UsageError):
        node.service.warn(fr, WarningDraft(title="", text="x", recipients=["de-bfv"]))
    with pytest.raises(UsageError):
        node.service.warn(fr, WarningDraft(title="T", text="x", tlp="PURPLE",
                                           recipients=["de-bfv"]))
    assert node.service.list_items(fr) == []
    assert node.service.verify_audit().entries == 3  # the three users' creation only


def test_audit_chain_detects_tampering(node: Node) -> None:

    from coalition.exchange.tables import audit

    fr, de, ge = _three(node)
    wid = node.service.warn(fr, WarningDraft(title="T", text="x", recipients=["de-bfv"]))
    node.service.get(de, wid)
    report = node.service.verify_audit()
    assert report.ok and report.entries == 5
    actions = [e.action for e in node.service.audit_entries(fr)]
    assert "warning.issue" in actions and "item.read" in actions  # fr sees reads of its item
    assert all(e.item_id != wid for e in node.service.audit_entries(ge))
    with node.store.engine.begin() as conn:
        conn.execute(audit.update().where(audit.c.seq == 4).values(detail='{"tlp":"CLEAR"}'))
    report = node.service.verify_audit()
    assert not report.ok and report.first_bad == 4
