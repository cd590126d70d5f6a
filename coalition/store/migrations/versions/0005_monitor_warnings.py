"""The monitor's alerts delivered as exchange warnings: each watch carries the TLP of the
warnings it raises; each alert remembers the warning that carried it (none while undelivered).

Revision ID: 0005_monitor_warnings
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_monitor_warnings"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("monitor_watchlist",
                  sa.Column("tlp", sa.String(16), nullable=False, server_default="AMBER"))
    op.add_column("monitor_alerts",
                  sa.Column("tlp", sa.String(16), nullable=False, server_default="AMBER"))
    op.add_column("monitor_alerts", sa.Column("warning_id", sa.String(64)))
    op.add_column("monitor_alerts", sa.Column("sent_at", sa.DateTime(timezone=True)))
    op.create_index("ix_monitor_alerts_warning", "monitor_alerts", ["warning_id"])


def downgrade() -> None:
    op.drop_index("ix_monitor_alerts_warning", "monitor_alerts")
    with op.batch_alter_table("monitor_alerts") as batch:
        batch.drop_column("sent_at")
        batch.drop_column("warning_id")
        batch.drop_column("tlp")
    with op.batch_alter_table("monitor_watchlist") as batch:
        batch.drop_column("tlp")
