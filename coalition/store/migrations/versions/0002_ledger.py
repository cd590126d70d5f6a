"""The joint list: members, signed statements (the transparency log's leaves), tree heads.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_members",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("country", sa.String(16)),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("joined", sa.String(10)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ledger_statements",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("log_index", sa.Integer, nullable=False, unique=True),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("member_seq", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.String(255), nullable=False),
        sa.Column("position", sa.String(16), nullable=False),
        sa.Column("legal_basis", sa.Text, nullable=False),
        sa.Column("effective", sa.String(10), nullable=False),
        sa.Column("until", sa.String(10)),
        sa.Column("supersedes", sa.String(64), unique=True),
        sa.Column("proposal", sa.String(64)),
        sa.Column("deadline", sa.String(10)),
        sa.Column("quorum", sa.Integer),
        sa.Column("source", sa.String(255)),
        sa.Column("issued", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("leaf_hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_ledger_statements_member_seq", "ledger_statements",
                    ["member", "member_seq"], unique=True)
    op.create_index("ix_ledger_statements_entity", "ledger_statements", ["entity_id"])
    op.create_index("ix_ledger_statements_source", "ledger_statements", ["source"])
    op.create_table(
        "ledger_log_keys",
        sa.Column("key_id", sa.String(64), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ledger_tree_heads",
        sa.Column("tree_size", sa.Integer, primary_key=True),
        sa.Column("root_hash", sa.String(64), nullable=False),
        sa.Column("timestamp", sa.String(32), nullable=False),
        sa.Column("key_id", sa.String(64), sa.ForeignKey("ledger_log_keys.key_id"),
                  nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("frontier", sa.Text, nullable=False),
    )
    op.create_table(
        "ledger_entities",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("schema", sa.String(64), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("statement_id", sa.String(64), sa.ForeignKey("ledger_statements.id"),
                  nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ledger_entities")
    op.drop_table("ledger_tree_heads")
    op.drop_table("ledger_log_keys")
    op.drop_index("ix_ledger_statements_source", "ledger_statements")
    op.drop_index("ix_ledger_statements_entity", "ledger_statements")
    op.drop_index("ix_ledger_statements_member_seq", "ledger_statements")
    op.drop_table("ledger_statements")
    op.drop_table("ledger_members")
