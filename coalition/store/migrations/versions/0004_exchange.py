"""The exchange between members: sharing groups, users, warnings and requests, recipients and
their states, consents, replies, webhook endpoints, the delivery outbox, events, the audit chain.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_groups",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("owner", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "exchange_group_members",
        sa.Column("group_id", sa.String(64), sa.ForeignKey("exchange_groups.id"), primary_key=True),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), primary_key=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "exchange_users",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "exchange_items",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("originator", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("tlp", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("group_id", sa.String(64), sa.ForeignKey("exchange_groups.id")),
        sa.Column("due", sa.String(32)),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.String(255), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True)),
        sa.Column("retraction_reason", sa.Text),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_exchange_items_originator", "exchange_items", ["originator"])
    op.create_index("ix_exchange_items_group", "exchange_items", ["group_id"])
    op.create_table(
        "exchange_recipients",
        sa.Column("item_id", sa.String(64), sa.ForeignKey("exchange_items.id"), primary_key=True),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), primary_key=True),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True)),
        sa.Column("acknowledged_by", sa.String(64)),
        sa.Column("deadline", sa.DateTime(timezone=True)),
        sa.Column("escalated_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_exchange_recipients_member", "exchange_recipients", ["member"])
    op.create_table(
        "exchange_named_users",
        sa.Column("item_id", sa.String(64), sa.ForeignKey("exchange_items.id"), primary_key=True),
        sa.Column("user_id", sa.String(64), sa.ForeignKey("exchange_users.id"), primary_key=True),
    )
    op.create_table(
        "exchange_consents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("item_id", sa.String(64), sa.ForeignKey("exchange_items.id"), nullable=False),
        sa.Column("asked_by", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("third_member", sa.String(64), sa.ForeignKey("ledger_members.id"),
                  nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_exchange_consents_item_third", "exchange_consents",
                    ["item_id", "third_member"], unique=True)
    op.create_table(
        "exchange_replies",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("request_id", sa.String(64), sa.ForeignKey("exchange_items.id"), nullable=False),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("question", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_exchange_replies_request", "exchange_replies", ["request_id"])
    op.create_table(
        "exchange_endpoints",
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "exchange_outbox",
        sa.Column("delivery_id", sa.String(64), primary_key=True),
        sa.Column("event_seq", sa.Integer, nullable=False),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("item_id", sa.String(64), sa.ForeignKey("exchange_items.id"), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("lease_owner", sa.String(64)),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("ix_exchange_outbox_due", "exchange_outbox", ["status", "next_attempt_at"])
    op.create_table(
        "exchange_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("item_id", sa.String(64), sa.ForeignKey("exchange_items.id"), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_exchange_events_member_seq", "exchange_events", ["member", "seq"])
    op.create_table(
        "exchange_audit",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor_member", sa.String(64)),
        sa.Column("actor_user", sa.String(64)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("item_id", sa.String(64)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_exchange_audit_item", "exchange_audit", ["item_id"])
    op.create_table(
        "exchange_taxii_status",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("member", sa.String(64), sa.ForeignKey("ledger_members.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("exchange_taxii_status")
    op.drop_table("exchange_audit")
    op.drop_table("exchange_events")
    op.drop_table("exchange_outbox")
    op.drop_table("exchange_endpoints")
    op.drop_table("exchange_replies")
    op.drop_table("exchange_consents")
    op.drop_table("exchange_named_users")
    op.drop_table("exchange_recipients")
    op.drop_table("exchange_items")
    op.drop_table("exchange_users")
    op.drop_table("exchange_group_members")
    op.drop_table("exchange_groups")
