"""Official lists: datasets, editions, statements with provenance.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "datasets",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("publisher", sa.String(255)),
        sa.Column("url", sa.Text),
    )
    op.create_table(
        "editions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(64), sa.ForeignKey("datasets.name"), nullable=False),
        sa.Column("list_date", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity_count", sa.Integer, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
    )
    op.create_index("ix_editions_dataset_hash", "editions", ["dataset", "content_hash"], unique=True)
    op.create_table(
        "edition_entities",
        sa.Column("edition_id", sa.Integer, sa.ForeignKey("editions.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("entity_id", sa.String(255), primary_key=True),
        sa.Column("schema", sa.String(64), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(40), nullable=False),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("entity_id", sa.String(255), nullable=False),
        sa.Column("schema", sa.String(64), nullable=False),
        sa.Column("prop", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("lang", sa.String(16)),
        sa.Column("original_value", sa.Text),
        sa.Column("dataset", sa.String(64), sa.ForeignKey("datasets.name"), nullable=False),
        sa.Column("reference", sa.String(255), nullable=False),
        sa.Column("first_seen", sa.String(32)),
        sa.Column("last_seen", sa.String(32)),
        sa.Column("first_edition", sa.Integer, nullable=False),
        sa.Column("last_edition", sa.Integer, nullable=False),
    )
    op.create_index("ix_statements_entity", "statements", ["entity_id"])
    op.create_index("ix_statements_dataset_edition", "statements", ["dataset", "last_edition"])
    op.create_index("ix_statements_reference", "statements", ["reference"])


def downgrade() -> None:
    op.drop_table("statements")
    op.drop_table("edition_entities")
    op.drop_table("editions")
    op.drop_table("datasets")
