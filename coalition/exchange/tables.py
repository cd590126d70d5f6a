"""The exchange's tables, on the store's one `metadata` (revision 0004_exchange creates them).

Items (warnings and requests for assistance) are written once and never edited: a retraction or
a closure sets its own columns, the signed payload stays as signed. Who may read an item is
its `exchange_recipients` rows (the audience) and, for TLP:RED, its `exchange_named_users`.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from coalition.store.tables import metadata

MEMBER = "ledger_members.id"

groups = Table(
    "exchange_groups",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("owner", String(64), ForeignKey(MEMBER), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

group_members = Table(
    "exchange_group_members",
    metadata,
    Column("group_id", String(64), ForeignKey("exchange_groups.id"), primary_key=True),
    Column("member", String(64), ForeignKey(MEMBER), primary_key=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "exchange_users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("member", String(64), ForeignKey(MEMBER), nullable=False),
    Column("name", String(255), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 of the bearer token
    Column("expires_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

items = Table(
    "exchange_items",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # warning | request
    Column("originator", String(64), ForeignKey(MEMBER), nullable=False),
    Column("author", String(64), nullable=False),  # user id within the originator
    Column("tlp", String(16), nullable=False),
    Column("severity", String(16)),
    Column("title", Text, nullable=False),
    Column("group_id", String(64), ForeignKey("exchange_groups.id")),
    Column("due", String(32)),  # valid-until of a warning, due date of a request
    Column("payload", Text, nullable=False),  # RFC 8785 canonical JSON, exactly as signed
    Column("signature", String(128), nullable=False),  # the originator's Ed25519 signature, hex
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("origin", String(255), nullable=False),  # local | stix:<source>
    Column("retracted_at", DateTime(timezone=True)),
    Column("retraction_reason", Text),
    Column("closed_at", DateTime(timezone=True)),
    Index("ix_exchange_items_originator", "originator"),
    Index("ix_exchange_items_group", "group_id"),
)

recipients = Table(
    "exchange_recipients",
    metadata,
    Column("item_id", String(64), ForeignKey("exchange_items.id"), primary_key=True),
    Column("member", String(64), ForeignKey(MEMBER), primary_key=True),
    Column("via", String(16), nullable=False),  # direct | group | consent
    Column("state", String(16), nullable=False),  # pending | delivered | read | acknowledged
    Column("delivered_at", DateTime(timezone=True)),
    Column("read_at", DateTime(timezone=True)),
    Column("acknowledged_at", DateTime(timezone=True)),
    Column("acknowledged_by", String(64)),
    Column("deadline", DateTime(timezone=True)),
    Column("escalated_at", DateTime(timezone=True)),
)

named_users = Table(
    "exchange_named_users",
    metadata,
    Column("item_id", String(64), ForeignKey("exchange_items.id"), primary_key=True),
    Column("user_id", String(64), ForeignKey("exchange_users.id"), primary_key=True),
)

consents = Table(
    "exchange_consents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("item_id", String(64), ForeignKey("exchange_items.id"), nullable=False),
    Column("asked_by", String(64), ForeignKey(MEMBER), nullable=False),
    Column("third_member", String(64), ForeignKey(MEMBER), nullable=False),
    Column("status", String(16), nullable=False),  # pending | granted | refused
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Index("ix_exchange_consents_item_third", "item_id", "third_member", unique=True),
)

replies = Table(
    "exchange_replies",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("request_id", String(64), ForeignKey("exchange_items.id"), nullable=False),
    Column("member", String(64), ForeignKey(MEMBER), nullable=False),
    Column("author", String(64), nullable=False),
    Column("question", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # answer | partial | negative
    Column("text", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_exchange_replies_request", "request_id"),
)

endpoints = Table(
    "exchange_endpoints",
    metadata,
    Column("member", String(64), ForeignKey(MEMBER), primary_key=True),
    Column("url", Text, nullable=False),
    Column("secret", String(128), nullable=False),  # HMAC key of the webhook signatures
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The outbox: one row per (event, recipient member), written in the same transaction as the
# event, sent by the delivery worker; `delivery_id` is what receivers deduplicate on.
outbox = Table(
    "exchange_outbox",
    metadata,
    Column("delivery_id", String(64), primary_key=True),
    Column("event_seq", Integer, nullable=False),
    Column("member", String(64), ForeignKey(MEMBER), nullable=False),
    Column("item_id", String(64), ForeignKey("exchange_items.id"), nullable=False),
    Column("event", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # pending | delivered | failed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("lease_owner", String(64)),
    Column("lease_until", DateTime(timezone=True)),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Index("ix_exchange_outbox_due", "status", "next_attempt_at"),
)

# Every event addressed to a member, in order: the cursor of a poll and of the live stream.
events = Table(
    "exchange_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("member", String(64), ForeignKey(MEMBER), nullable=False),
    Column("item_id", String(64), ForeignKey("exchange_items.id"), nullable=False),
    Column("event", String(32), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_exchange_events_member_seq", "member", "seq"),
)

audit = Table(
    "exchange_audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("actor_member", String(64)),
    Column("actor_user", String(64)),
    Column("action", String(40), nullable=False),
    Column("item_id", String(64)),
    Column("detail", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_exchange_audit_item", "item_id"),
)

taxii_status = Table(
    "exchange_taxii_status",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("member", String(64), ForeignKey(MEMBER), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("body", Text, nullable=False),  # the TAXII status resource, JSON
)
