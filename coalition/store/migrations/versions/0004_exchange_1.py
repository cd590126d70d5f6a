"""Exchange delivery: drop the recipients' per-member index.

Each warning to 50 members wrote 50 entries at 50 places of that index, one page each, on
every commit; the only reader (which items a member might read) now looks in the member's
event stream, which every recipient has an entry in.

Revision ID: 0004_exchange_1
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004_exchange_1"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_exchange_recipients_member", table_name="exchange_recipients")


def downgrade() -> None:
    op.create_index("ix_exchange_recipients_member", "exchange_recipients", ["member"])
