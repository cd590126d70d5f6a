"""Alerts delivered to the members who watch: one exchange warning per story, entity and TLP.

The monitor acts through the exchange's public service as a user of the member that runs it
(for instance a user named "news monitor"), so each warning is signed by that member and read
under the exchange's need-to-know rules. The recipients are the members whose alerts the
warning carries, at the TLP their watch chose. Alerts of the running member itself stay in the
monitor (it reads them there), and alerts for an id that is not a registered member stay
undelivered with a message.

Counting is per story: an alert is sent once; when its story gains articles, the alert's counts
are updated in the monitor and no second warning goes out. A member who starts watching later
gets a warning of its own for the stories already stored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from coalition.errors import CoalitionError
from coalition.exchange import ExchangeService, Principal, Severity, WarningDraft
from coalition.ledger import tables as ledger_tables
from coalition.monitor.repository import MonitorRepository

MAX_SOURCES = 10  # sources listed in a warning's text
TITLE_CHARS = 200  # a warning's title is cut here (the exchange allows more)
_ENTITY_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_:]{0,254}$")


@dataclass
class Delivery:
    """What one delivery run did."""

    warnings: list[str] = field(default_factory=list)
    alerts: int = 0
    problems: list[str] = field(default_factory=list)


def _registered(repo: MonitorRepository, ids: set[str]) -> set[str]:
    c = ledger_tables.members.c
    with repo.engine.connect() as conn:
        return set(conn.execute(sa.select(c.id).where(c.id.in_(ids))).scalars())


def _text(alert: dict[str, Any], sources: list[dict[str, Any]], issuer: str) -> str:
    lines = [
        f"The news monitor of {issuer} found {alert['caption']} ({alert['entity_id']}) in the "
        f"story \"{alert['story']}\"" + (f", published {alert['published']}"
                                          if alert["published"] else "") + ".",
        f"At the time of this warning the story holds {len(sources)} article(s).",
        "Sources:",
    ]
    for src in sources[:MAX_SOURCES]:
        date = f" ({src['published']})" if src["published"] else ""
        lines.append(f"- {src['title']}{date}: {src['url'] or src['source']}")
    if len(sources) > MAX_SOURCES:
        lines.append(f"- and {len(sources) - MAX_SOURCES} more")
    lines.append(f"Story {alert['story_id']} in the monitor carries the later articles.")
    return "\n".join(lines)


def _draft(alert: dict[str, Any], recipients: list[str], sources: list[dict[str, Any]],
           issuer: str) -> WarningDraft:
    subject: dict[str, Any] | str = (
        {"entity": alert["entity_id"], "caption": alert["caption"]}
        if _ENTITY_ID.match(alert["entity_id"]) else {"name": alert["caption"]})
    title = f"In the news: {alert['caption']} — {alert['story']}"
    return WarningDraft(title=title[:TITLE_CHARS], text=_text(alert, sources, issuer),
                        severity=Severity.LOW, tlp=alert["tlp"], recipients=recipients,
                        subjects=[subject])


def deliver(repo: MonitorRepository, exchange: ExchangeService,
            principal: Principal) -> Delivery:
    """Send every undelivered alert as exchange warnings."""
    out = Delivery()
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for alert in repo.alerts(undelivered=True):
        if alert["member"] == principal.member:
            continue
        groups[(alert["story_id"], alert["entity_id"], alert["tlp"])].append(alert)
    known = _registered(repo, {a["member"] for rows in groups.values() for a in rows})
    unknown = sorted({a["member"] for rows in groups.values() for a in rows} - known)
    for member in unknown:
        out.problems.append(f"alerts for {member!r} stay undelivered: not a registered member "
                            "(see `coalition member list`)")
    sources: dict[str, list[dict[str, Any]]] = {}
    for (story_id, _, _), rows in sorted(groups.items()):
        rows = [a for a in rows if a["member"] in known]
        if not rows:
            continue
        if story_id not in sources:
            sources[story_id] = repo.story_sources(story_id)
        draft = _draft(rows[0], sorted(a["member"] for a in rows), sources[story_id],
                       principal.member)
        try:
            warning_id = exchange.warn(principal, draft)
        except CoalitionError as exc:
            out.problems.append(f"alert on {rows[0]['caption']} in story {story_id} not sent: "
                                f"{exc}")
            continue
        repo.mark_sent([a["id"] for a in rows], warning_id)
        out.warnings.append(warning_id)
        out.alerts += len(rows)
    return out
