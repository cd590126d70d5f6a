"""Alerts: a watched entity in a story, for each member who watches it, counted per story.

An entity counts as present in a story when at least one mention is strong, or when weak
mentions use two different names (a single-word or weak alias never alerts on its own). Listed
entities (those from the official lists) are watched by every member watching `listed`.
Alerts are kept in the monitor's own table; delivery.py carries them to the watching members as
exchange warnings, at the TLP each watch chose.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.engine import Connection

from coalition.errors import NotFoundError, UsageError
from coalition.exchange import TLP
from coalition.monitor.gazetteer import curated, norm_key
from coalition.monitor.repository import MonitorRepository

ALL_LISTED = "listed"  # a watchlist entry meaning: every entity on the official lists


def is_listed(entity_id: str) -> bool:
    """Entities of the lists carry their dataset's id prefix; the monitor's own start `mon-`."""
    return not entity_id.startswith("mon-") and not entity_id.startswith("analyst-")


def present(rows: list[tuple[bool, str]]) -> bool:
    """Whether an entity's mentions in a story (strong?, name) are enough to alert."""
    return any(strong for strong, _ in rows) or len({name for _, name in rows}) >= 2


def alert_story(repo: MonitorRepository, conn: Connection, story_id: str) -> int:
    """Create or refresh the alerts of one story; returns how many are new."""
    watchers = repo.watchers(conn)
    everything = watchers.get(ALL_LISTED, {})
    by_entity: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    captions: dict[str, str] = {}
    articles: dict[str, set[str]] = defaultdict(set)
    for row in repo.story_mentions(conn, story_id):
        by_entity[row.entity_id].append((bool(row.strong), row.name_key))
        captions[row.entity_id] = row.caption
        articles[row.entity_id].add(row.article_id)
    new = 0
    for entity_id, rows in by_entity.items():
        if not present(rows):
            continue
        members = {m: ("watchlist", tlp) for m, tlp in watchers.get(entity_id, {}).items()}
        if is_listed(entity_id):
            for m, tlp in everything.items():
                members.setdefault(m, ("listed", tlp))
        for member, (reason, tlp) in sorted(members.items()):
            new += repo.upsert_alert(conn, member=member, entity_id=entity_id,
                                     caption=captions[entity_id], story_id=story_id,
                                     reason=reason, tlp=tlp, mentions=len(rows),
                                     articles=len(articles[entity_id]))
    return new


def watch_tlp(value: str) -> str:
    """The TLP of a watch's warnings: any level but RED, which is for named individuals while
    an alert goes to a member."""
    tlp = TLP.parse(value)
    if tlp is TLP.RED:
        raise UsageError("a watch cannot raise TLP:RED warnings (RED names individuals; an "
                         "alert goes to the watching member): use AMBER+STRICT")
    return tlp.value


def watch_entity(repo: MonitorRepository, member: str, entity: str,
                 tlp: str = "AMBER") -> tuple[str, str, int]:
    """Add an entity (an id, a name seen in the news or in the curated table, or `listed`) to a
    member's watchlist, its alerts to go out at `tlp`, and alert the stories already stored;
    returns id, caption, new alerts."""
    tlp = watch_tlp(tlp)
    if not member.strip():
        raise UsageError("a watch needs a member id")
    if entity == ALL_LISTED:
        entity_id, caption = ALL_LISTED, "every listed entity"
    else:
        try:
            entity_id, caption = repo.resolve_entity(entity)
        except NotFoundError:
            key = norm_key(entity)
            actor = next((a for a in curated() if a.id == entity
                          or any(norm_key(n) == key for n in a.aliases)), None)
            if actor is None:
                raise
            entity_id, caption = actor.id, actor.caption
    repo.watch(member, entity_id, caption, tlp)
    new = 0
    with repo.engine.begin() as conn:
        for story in repo.stories():
            new += alert_story(repo, conn, story["id"])
    return entity_id, caption, new


def unwatch_entity(repo: MonitorRepository, member: str, entity_id: str) -> None:
    """Take an entity (its id, or `listed`) off a member's watchlist; no new alerts for it."""
    if not repo.unwatch(member, entity_id):
        raise NotFoundError(f"{member} does not watch {entity_id!r}")
