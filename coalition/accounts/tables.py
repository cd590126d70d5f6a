"""The accounts' tables, on the store's one `metadata` (revision 0005_accounts creates them).

A user acts for one member of the joint list with one role; its API tokens are stored as
SHA-256 digests only, its web password as a salted scrypt hash.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table, Text

from coalition.store.tables import metadata

users = Table(
    "accounts_users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("member", String(64), ForeignKey("ledger_members.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", Text),  # scrypt$n$r$p$salt$hash, None: no web login
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
)

tokens = Table(
    "accounts_tokens",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("accounts_users.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 hex of the token
    Column("label", String(255), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)
