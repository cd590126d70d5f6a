"""The monitor's reads and writes on the store's database (tables.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from coalition.errors import NotFoundError, UsageError
from coalition.monitor import stories as st
from coalition.monitor import tables as t
from coalition.monitor.article import Article
from coalition.monitor.events import Event
from coalition.monitor.mentions import Judgement, Mention


def now() -> datetime:
    return datetime.now(UTC)


class MonitorRepository:
    """Stories, articles, mentions, events, judgements, watchlists and alerts in SQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- articles and stories --------------------------------------------------------------

    def has_article(self, conn: Connection, article_id: str) -> bool:
        q = sa.select(t.articles.c.id).where(t.articles.c.id == article_id)
        return conn.execute(q).first() is not None

    def story_for(self, conn: Connection, sketch: list[int], keys: list[str]) -> str | None:
        """The story of the stored article most like `sketch` (band keys `keys`), if one is
        similar enough."""
        ids = list(conn.execute(sa.select(t.bands.c.article_id).where(t.bands.c.band.in_(keys))
                                .distinct()).scalars())
        best, best_sim = None, st.THRESHOLD
        for row in conn.execute(sa.select(t.articles.c.id, t.articles.c.story_id,
                                          t.articles.c.sketch).where(t.articles.c.id.in_(ids))):
            sim = st.similarity(sketch, list(row.sketch))
            if sim >= best_sim:
                best, best_sim = row.story_id, sim
        return best

    def add_article(self, conn: Connection, art: Article, sketch: list[int]) -> tuple[str, bool]:
        """Store an article in its story (a new one unless a near-duplicate exists); returns
        the story id and whether the story is new."""
        keys = list(dict.fromkeys(st.bands(sketch)))
        story_id = self.story_for(conn, sketch, keys)
        created = story_id is None
        if story_id is None:
            story_id = art.id
            conn.execute(t.stories.insert().values(
                id=story_id, title=art.title or art.text[:120], published=art.date,
                language=art.language, article_count=1, created_at=now()))
        else:
            conn.execute(t.stories.update().where(t.stories.c.id == story_id).values(
                article_count=t.stories.c.article_count + 1))
        conn.execute(t.articles.insert().values(
            id=art.id, story_id=story_id, source=art.source, url=art.url, title=art.title,
            published=art.published, page_date=art.page_date, place=art.place,
            language=art.language, text=art.text, sketch=sketch, ingested_at=now()))
        conn.execute(t.bands.insert(), [{"band": b, "article_id": art.id} for b in keys])
        return story_id, created

    def add_mentions(self, conn: Connection, article_id: str, story_id: str,
                     mentions: list[Mention]) -> None:
        if not mentions:
            return
        conn.execute(t.mentions.insert(), [{
            "article_id": article_id, "story_id": story_id, "start": m.start, "end": m.end,
            "text": m.text, "label": m.label, "origin": m.origin, "status": m.status,
            "name_key": m.name_key[:255], "entity_id": m.entity_id, "caption": m.caption,
            "schema": m.schema, "confidence": m.confidence, "strong": int(m.strong),
        } for m in mentions])

    def add_events(self, conn: Connection, article_id: str, story_id: str,
                   events: list[Event]) -> None:
        if not events:
            return
        conn.execute(t.events.insert(), [{
            "article_id": article_id, "story_id": story_id, "kind": e.kind, "verb": e.verb,
            "actor_id": e.actor_id, "actor": e.actor, "others": e.others, "detail": e.detail,
            "summary": e.summary, "sentence": e.sentence, "date": e.date,
            "when_text": e.when_text, "place": e.place,
        } for e in events])

    # -- reading -----------------------------------------------------------------------------

    def rows(self, query: sa.Select[Any]) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def mentions(self, *, entity: str | None = None, status: str | None = None,
                 story: str | None = None) -> list[dict[str, Any]]:
        c = t.mentions.c
        q = sa.select(t.mentions, t.articles.c.title, t.articles.c.published,
                      t.articles.c.page_date).join(t.articles, t.articles.c.id == c.article_id)
        if entity:
            q = q.where(c.entity_id == entity)
        if status:
            q = q.where(c.status == status)
        if story:
            q = q.where(c.story_id == story)
        return self.rows(q.order_by(c.article_id, c.start))

    def events(self, *, entity: str | None = None, kind: str | None = None,
               story: str | None = None) -> list[dict[str, Any]]:
        c = t.events.c
        q = sa.select(t.events)
        if kind:
            q = q.where(c.kind == kind)
        if story:
            q = q.where(c.story_id == story)
        rows = self.rows(q.order_by(c.date, c.id))
        if entity:
            rows = [r for r in rows if r["actor_id"] == entity
                    or any(o.get("id") == entity for o in r["others"])]
        return rows

    def stories(self) -> list[dict[str, Any]]:
        return self.rows(sa.select(t.stories).order_by(t.stories.c.published, t.stories.c.id))

    def story(self, story_id: str) -> dict[str, Any]:
        rows = self.rows(sa.select(t.stories).where(t.stories.c.id == story_id))
        if not rows:
            raise NotFoundError(f"no story {story_id!r}")
        return rows[0]

    def resolve_entity(self, name_or_id: str) -> tuple[str, str]:
        """An entity id and caption from an id or a name seen in the news."""
        c = t.mentions.c
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(c.entity_id, c.caption).where(
                sa.or_(c.entity_id == name_or_id, sa.func.lower(c.caption) == name_or_id.lower(),
                       sa.func.lower(c.text) == name_or_id.lower()),
                c.entity_id.is_not(None)).limit(1)).first()
        if row is None:
            raise NotFoundError(f"no linked mention of {name_or_id!r}; see `coalition monitor "
                                "mentions`")
        return row.entity_id, row.caption

    # -- candidates and judgements -----------------------------------------------------------

    def judgements(self) -> dict[str, Judgement]:
        """The latest judgement per name key."""
        c = t.judgements.c
        out: dict[str, Judgement] = {}
        for row in self.rows(sa.select(t.judgements).order_by(c.id)):
            out[row["name_key"]] = Judgement(row["decision"], row["entity_id"], row["caption"])
        return out

    def candidates(self) -> list[dict[str, Any]]:
        """Names that link to nothing, most stories first; each named by its longest form in
        the news ("Tomas Brandt" rather than a later "Brandt"), which judges the same key."""
        c = t.mentions.c
        q = (sa.select(c.name_key, c.label, sa.func.count().label("mentions"),
                       sa.func.count(sa.distinct(c.story_id)).label("stories"))
             .where(c.status == "candidate").group_by(c.name_key, c.label)
             .order_by(sa.desc("stories"), sa.desc("mentions"), c.name_key))
        forms: dict[str, str] = {}
        for row in self.rows(sa.select(c.name_key, c.text).where(c.status == "candidate")
                             .distinct()):
            best = forms.get(row["name_key"])
            if best is None or (-len(row["text"]), row["text"]) < (-len(best), best):
                forms[row["name_key"]] = row["text"]
        return [{"name_key": r["name_key"], "name": forms[r["name_key"]], **r}
                for r in self.rows(q)]

    def judge(self, name_key: str, name: str, decision: str, *, entity_id: str | None,
              caption: str | None, analyst: str | None) -> int:
        """Record a judgement and apply it to the stored mentions; returns how many changed."""
        if decision not in ("confirm", "reject"):
            raise UsageError(f"a judgement is confirm or reject, not {decision!r}")
        c = t.mentions.c
        with self.engine.begin() as conn:
            conn.execute(t.judgements.insert().values(
                name_key=name_key, name=name, decision=decision, entity_id=entity_id,
                caption=caption, analyst=analyst, decided_at=now()))
            where = sa.and_(c.name_key == name_key, c.origin == "ner")
            if decision == "reject":
                values: dict[str, Any] = {"status": "rejected", "entity_id": None,
                                          "caption": None, "confidence": 0.0}
            else:
                values = {"status": "linked", "entity_id": entity_id, "caption": caption,
                          "confidence": 0.9, "strong": int(len(name_key.split()) > 1)}
            return conn.execute(t.mentions.update().where(where).values(**values)).rowcount

    # -- watchlists and alerts ---------------------------------------------------------------

    def watch(self, member: str, entity_id: str, caption: str | None, tlp: str = "AMBER") -> None:
        """Put an entity on a member's watchlist (again: with the new TLP for its warnings)."""
        c = t.watchlist.c
        with self.engine.begin() as conn:
            where = sa.and_(c.member == member, c.entity_id == entity_id)
            if conn.execute(sa.select(c.id).where(where)).first():
                conn.execute(t.watchlist.update().where(where).values(tlp=tlp))
            else:
                conn.execute(t.watchlist.insert().values(member=member, entity_id=entity_id,
                                                         caption=caption, tlp=tlp,
                                                         added_at=now()))

    def unwatch(self, member: str, entity_id: str) -> bool:
        """Take an entity off a member's watchlist (its alerts stay); False if not watched."""
        c = t.watchlist.c
        with self.engine.begin() as conn:
            gone = conn.execute(t.watchlist.delete().where(c.member == member,
                                                           c.entity_id == entity_id))
            return bool(gone.rowcount)

    def watchers(self, conn: Connection) -> dict[str, dict[str, str]]:
        """Entity id → {member: TLP of the member's warnings}."""
        out: dict[str, dict[str, str]] = {}
        c = t.watchlist.c
        for row in conn.execute(sa.select(c.member, c.entity_id, c.tlp)):
            out.setdefault(row.entity_id, {})[row.member] = row.tlp
        return out

    def watchlist(self) -> list[dict[str, Any]]:
        c = t.watchlist.c
        return self.rows(sa.select(c.member, c.entity_id, c.caption, c.tlp, c.added_at)
                         .order_by(c.member, c.entity_id))

    def upsert_alert(self, conn: Connection, *, member: str, entity_id: str, caption: str | None,
                     story_id: str, reason: str, tlp: str, mentions: int, articles: int) -> bool:
        """One alert per member, entity and story; a later article of the story updates its
        counts (and never its warning). Returns True when the alert is new."""
        c = t.alerts.c
        where = sa.and_(c.member == member, c.entity_id == entity_id, c.story_id == story_id)
        if conn.execute(sa.select(c.id).where(where)).first():
            conn.execute(t.alerts.update().where(where).values(
                mentions=mentions, articles=articles, updated_at=now()))
            return False
        conn.execute(t.alerts.insert().values(
            member=member, entity_id=entity_id, caption=caption, story_id=story_id,
            reason=reason, tlp=tlp, mentions=mentions, articles=articles, created_at=now(),
            updated_at=now()))
        return True

    def alerts(self, member: str | None = None, *, undelivered: bool = False
               ) -> list[dict[str, Any]]:
        c = t.alerts.c
        q = sa.select(t.alerts, t.stories.c.title.label("story"),
                      t.stories.c.published.label("published")).join(
            t.stories, t.stories.c.id == c.story_id)
        if member:
            q = q.where(c.member == member)
        if undelivered:
            q = q.where(c.warning_id.is_(None))
        return self.rows(q.order_by(c.member, c.id))

    def mark_sent(self, alert_ids: list[int], warning_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(t.alerts.update().where(t.alerts.c.id.in_(alert_ids))
                         .values(warning_id=warning_id, sent_at=now()))

    def story_sources(self, story_id: str) -> list[dict[str, Any]]:
        c = t.articles.c
        return self.rows(sa.select(c.title, c.source, c.url, c.published)
                         .where(c.story_id == story_id).order_by(c.ingested_at, c.id))

    def story_mentions(self, conn: Connection, story_id: str) -> Iterable[Any]:
        c = t.mentions.c
        return conn.execute(sa.select(c.entity_id, c.caption, c.schema, c.strong, c.name_key,
                                      c.article_id)
                            .where(c.story_id == story_id, c.entity_id.is_not(None)))
