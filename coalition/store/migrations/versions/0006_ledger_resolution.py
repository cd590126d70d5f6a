"""Entity resolution for the joint list: append-only judgements that two records (of one list
or of two) name the same entity, each with its method, basis and confidence.

Revision ID: 0006_ledger_resolution
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_ledger_resolution"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("left_id", sa.String(255), nullable=False),
        sa.Column("right_id", sa.String(255), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("retracts", sa.Integer, sa.ForeignKey("ledger_links.id")),
        sa.Column("recorded_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_ledger_links_pair", "ledger_links", ["left_id", "right_id"])
    op.create_index("ix_ledger_links_right", "ledger_links", ["right_id"])


def downgrade() -> None:
    op.drop_table("ledger_links")
