"""The news monitor: stories, articles, mentions, events, judgements, watchlists, alerts.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = [
    "monitor_stories", "monitor_articles", "monitor_bands", "monitor_mentions", "monitor_events",
    "monitor_judgements", "monitor_watchlist", "monitor_alerts",
]


def upgrade() -> None:
    op.create_table(
        "monitor_stories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "monitor_articles",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("story_id", sa.String(40), sa.ForeignKey("monitor_stories.id"), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("published", sa.String(32)),
        sa.Column("page_date", sa.String(32)),
        sa.Column("place", sa.String(255)),
        sa.Column("language", sa.String(8)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sketch", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "monitor_bands",
        sa.Column("band", sa.String(200), primary_key=True),
        sa.Column("article_id", sa.String(40), 
                  sa.ForeignKey("monitor_articles.id", ondelete="CASCADE"),
               primary_key=True),
    )
    op.create_table(
        "monitor_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(40), 
                  sa.ForeignKey("monitor_articles.id", ondelete="CASCADE"),
               nullable=False),
        sa.Column("story_id", sa.String(40), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("label", sa.String(8), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("name_key", sa.String(255), nullable=False),
        sa.Column("entity_id", sa.String(255)),
        sa.Column("caption", sa.Text),
        sa.Column("schema", sa.String(64)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("strong", sa.Integer, nullable=False),
    )
    op.create_table(
        "monitor_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(40), 
                  sa.ForeignKey("monitor_articles.id", ondelete="CASCADE"),
               nullable=False),
        sa.Column("story_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("verb", sa.String(64), nullable=False),
        sa.Column("actor_id", sa.String(255)),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("others", sa.JSON, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("date", sa.String(32)),
        sa.Column("when_text", sa.String(64)),
        sa.Column("place", sa.String(255)),
    )
    op.create_table(
        "monitor_judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name_key", sa.String(255), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(255)),
        sa.Column("caption", sa.Text),
        sa.Column("analyst", sa.String(255)),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "monitor_watchlist",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("member", sa.String(255), nullable=False),
        sa.Column("entity_id", sa.String(255), nullable=False),
        sa.Column("caption", sa.Text),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "monitor_alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("member", sa.String(255), nullable=False),
        sa.Column("entity_id", sa.String(255), nullable=False),
        sa.Column("caption", sa.Text),
        sa.Column("story_id", sa.String(40), sa.ForeignKey("monitor_stories.id"), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_monitor_articles_story", "monitor_articles",
                    ["story_id"])
    op.create_index("ix_monitor_mentions_entity", "monitor_mentions",
                    ["entity_id"])
    op.create_index("ix_monitor_mentions_article", "monitor_mentions",
                    ["article_id"])
    op.create_index("ix_monitor_mentions_key", "monitor_mentions",
                    ["name_key"])
    op.create_index("ix_monitor_events_actor", "monitor_events",
                    ["actor_id"])
    op.create_index("ix_monitor_judgements_key", "monitor_judgements",
                    ["name_key"])
    op.create_index("ix_monitor_watchlist_member_entity", "monitor_watchlist",
                    ["member", "entity_id"], unique=True)
    op.create_index("ix_monitor_alerts_unique", "monitor_alerts",
                    ["member", "entity_id", "story_id"], unique=True)


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
