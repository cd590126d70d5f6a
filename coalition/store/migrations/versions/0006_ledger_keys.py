"""Key rotation for the joint list: every signing key a member has had, from which of its
sequence numbers, and the members allowed to replace a lost key.

Revision ID: 0006_ledger_keys
Revises: 0006_ledger_resolution
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_ledger_keys"
down_revision = "0006_ledger_resolution"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_member_keys",
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), primary_key=True),
        sa.Column("from_seq", sa.Integer, primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("statement_id", sa.String(64), sa.ForeignKey("ledger_statements.id"),
                  nullable=False),
    )
    op.create_table(
        "ledger_admins",
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), primary_key=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ledger_admins")
    op.drop_table("ledger_member_keys")
