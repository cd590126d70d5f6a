"""The monitor's tables, on the store's shared metadata (created by migration 0003)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from coalition.store.tables import metadata

stories = Table(
    "monitor_stories",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("title", Text, nullable=False),
    Column("published", String(32)),
    Column("language", String(8)),
    Column("article_count", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "monitor_articles",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("story_id", String(40), ForeignKey("monitor_stories.id"), nullable=False),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text, nullable=False),
    Column("published", String(32)),
    Column("page_date", String(32)),
    Column("place", String(255)),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("sketch", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_monitor_articles_story", "story_id"),
)

# LSH band keys of each article's MinHash sketch: near-duplicates share at least one.
bands = Table(
    "monitor_bands",
    metadata,
    Column("band", String(200), primary_key=True),
    Column("article_id", String(40), ForeignKey("monitor_articles.id", ondelete="CASCADE"),
           primary_key=True),
)

mentions = Table(
    "monitor_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("monitor_articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("story_id", String(40), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(8), nullable=False),
    Column("origin", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("name_key", String(255), nullable=False),
    Column("entity_id", String(255)),
    Column("caption", Text),
    Column("schema", String(64)),
    Column("confidence", Float, nullable=False),
    Column("strong", Integer, nullable=False),
    Index("ix_monitor_mentions_entity", "entity_id"),
    Index("ix_monitor_mentions_article", "article_id"),
    Index("ix_monitor_mentions_key", "name_key"),
)

events = Table(
    "monitor_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("monitor_articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("story_id", String(40), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("verb", String(64), nullable=False),
    Column("actor_id", String(255)),
    Column("actor", Text, nullable=False),
    Column("others", JSON, nullable=False),
    Column("detail", Text),
    Column("summary", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("date", String(32)),
    Column("when_text", String(64)),
    Column("place", String(255)),
    Index("ix_monitor_events_actor", "actor_id"),
)

# Analysts' judgements on candidate names; append-only, the latest per name counts.
judgements = Table(
    "monitor_judgements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name_key", String(255), nullable=False),
    Column("name", Text, nullable=False),
    Column("decision", String(16), nullable=False),
    Column("entity_id", String(255)),
    Column("caption", Text),
    Column("analyst", String(255)),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Index("ix_monitor_judgements_key", "name_key"),
)

watchlist = Table(
    "monitor_watchlist",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member", String(255), nullable=False),
    Column("entity_id", String(255), nullable=False),
    Column("caption", Text),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("tlp", String(16), nullable=False, server_default="AMBER"),  # of its warnings (0005)
    Index("ix_monitor_watchlist_member_entity", "member", "entity_id", unique=True),
)

# One alert per member, entity and story, however many articles carry the story; the exchange
# warning that delivered it (0005), none while undelivered or for the monitor's own member.
alerts = Table(
    "monitor_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("member", String(255), nullable=False),
    Column("entity_id", String(255), nullable=False),
    Column("caption", Text),
    Column("story_id", String(40), ForeignKey("monitor_stories.id"), nullable=False),
    Column("reason", String(16), nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("tlp", String(16), nullable=False, server_default="AMBER"),
    Column("warning_id", String(64)),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_monitor_alerts_unique", "member", "entity_id", "story_id", unique=True),
    Index("ix_monitor_alerts_warning", "warning_id"),
)
