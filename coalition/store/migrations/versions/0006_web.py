"""Web: the exchange user each account acts as when it reads and answers in the inbox.

Revision ID: 0006_web
Revises: 0004, 0005_accounts (its links point at exchange users and accounts)
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_web"
down_revision = ("0004", "0005_accounts")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_exchange_users",
        sa.Column("account_user_id", sa.String(32), sa.ForeignKey("accounts_users.id"),
                  primary_key=True),
        sa.Column("exchange_user_id", sa.String(64), sa.ForeignKey("exchange_users.id"),
                  nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_exchange_users")
