"""Alerts reach the watching members as exchange warnings (SQLite and PostgreSQL): signed by the
monitor's member, at the TLP each watch chose, one per story however many articles it gains."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.errors import UsageError
from coalition.exchange import Principal
from coalition.monitor import Monitor
from coalition.monitor.alerts import watch_entity
from coalition.monitor.delivery import deliver
from coalition.monitor.linking import EntityIndex
from coalition.store import Store
from tests.monitor.conftest import Node

WIRE = ("ISIL fighters attacked a border post near Novograd on Monday, the interior ministry "
        "said. Officials said the attackers came from the south and that two guards were "
        "wounded in the fighting before reinforcements arrived from the city.")


def write(folder: Path, name: str, title: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return path


def test_watchers_get_one_warning_per_story_at_their_tlp(store: Store, tmp_path: Path) -> None:
    node = Node(store, tmp_path)
    monitor = node.monitor()
    watch_entity(monitor.repo, "fiu-b", "ISIL", "GREEN")
    watch_entity(monitor.repo, "ministry-c", "ISIL", "GREEN")
    watch_entity(monitor.repo, "police-d", "ISIL", "amber+strict")
    watch_entity(monitor.repo, "ops", "ISIL")  # the monitor's own member reads its alerts here
    watch_entity(monitor.repo, "nobody-e", "ISIL")  # not a registered member
    first = write(tmp_path / "day1", "a.txt", "ISIL Attack at the Border", WIRE)
    report = monitor.ingest([str(first)])
    assert report.alerts == 5 and report.warnings == 2
    assert report.problems == ["alerts for 'nobody-e' stay undelivered: not a registered "
                               "member (see `coalition member list`)"]
    [green] = node.warnings("fiu-b")
    assert node.warnings("ministry-c")[0].id == green.id
    assert (green.tlp.value, green.originator, green.author) == ("GREEN", "ops", node.bot.user)
    assert set(green.audience) == {"fiu-b", "ministry-c"}
    [subject] = green.payload["subjects"]
    assert subject == {"entity": "mon-isil", "caption": "Islamic State in Iraq and the Levant"}
    assert "ISIL Attack at the Border" in green.title and "a.txt" in green.payload["text"]
    assert node.exchange.verify_signature(green.id)
    [strict] = node.warnings("police-d")
    assert strict.tlp.value == "AMBER+STRICT" and set(strict.audience) == {"police-d"}
    assert {w.id for w in node.warnings("ops")} == {green.id, strict.id}  # as originator

    # the same story gains two articles: counts update, no second warning
    later = [write(tmp_path / "day2", f"{n}.txt", "ISIL Attack at the Border",
                   f"{prefix}{WIRE}") for n, prefix in enumerate(["UPDATED: ", "Wire - "])]
    again = monitor.ingest([str(p) for p in later])
    assert (again.articles, again.merged, again.alerts, again.warnings) == (2, 2, 0, 0)
    assert [w.id for w in node.warnings("fiu-b")] == [green.id]
    rows = {a["member"]: a for a in monitor.repo.alerts()}
    assert rows["fiu-b"]["articles"] == 3 and rows["fiu-b"]["warning_id"] == green.id
    assert rows["ops"]["warning_id"] is None and rows["nobody-e"]["warning_id"] is None

    # a new story is a new warning
    other = write(tmp_path / "day3", "b.txt", "Council Hears Report on ISIL Finance",
                  "Delegates heard on Thursday how ISIL finances its fighters through oil "
                  "sales and ransom, and agreed to share bank records across borders.")
    assert monitor.ingest([str(other)]).warnings == 2
    assert len(node.warnings("fiu-b")) == 2


def test_a_later_watcher_gets_its_own_warning_and_nothing_is_sent_twice(
        store: Store, tmp_path: Path) -> None:
    node = Node(store, tmp_path)
    monitor = node.monitor()
    watch_entity(monitor.repo, "fiu-b", "ISIL")
    monitor.ingest([str(write(tmp_path, "a.txt", "ISIL Attack at the Border", WIRE))])
    [first] = node.warnings("fiu-b")
    watch_entity(monitor.repo, "ministry-c", "ISIL")
    sent = deliver(monitor.repo, node.exchange, node.bot)
    [second] = node.warnings("ministry-c")
    assert sent.warnings == [second.id] and set(second.audience) == {"ministry-c"}
    assert [w.id for w in node.warnings("fiu-b")] == [first.id]  # not told again
    assert deliver(monitor.repo, node.exchange, node.bot).warnings == []


def test_refused_warning_leaves_the_alert_pending(store: Store, tmp_path: Path) -> None:
    node = Node(store, tmp_path)
    endpoint = Principal("ops")  # a member's machine endpoint may not issue
    monitor = Monitor(store, nlp=False, index=EntityIndex(()), exchange=(node.exchange, endpoint))
    watch_entity(monitor.repo, "fiu-b", "ISIL")
    report = monitor.ingest([str(write(tmp_path, "a.txt", "ISIL Attack at the Border", WIRE))])
    assert report.warnings == 0 and len(report.problems) == 1
    assert "not sent" in report.problems[0] and "issued by a user" in report.problems[0]
    assert [a["warning_id"] for a in monitor.repo.alerts("fiu-b")] == [None]
    assert len(deliver(monitor.repo, node.exchange, node.bot).warnings) == 1


def test_a_watch_refuses_red_and_unknown_levels(store: Store) -> None:
    monitor = Monitor(store, nlp=False, index=EntityIndex(()))
    with pytest.raises(UsageError, match="AMBER\\+STRICT"):
        watch_entity(monitor.repo, "fiu-b", "ISIL", "RED")
    with pytest.raises(UsageError, match="unknown TLP"):
        watch_entity(monitor.repo, "fiu-b", "ISIL", "purple")
    assert monitor.repo.watchlist() == []
