"""The joint list's tables, on the store's one `metadata` (revision 0002_ledger creates them).

Statements are append-only: rows are inserted, never updated. Each statement is also a leaf
of the transparency log (`log_index`, `leaf_hash`); signed tree heads record the log's state.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Index, Integer, String, Table, Text

from coalition.store.tables import metadata

members = Table(
    "ledger_members",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("country", String(16)),
    Column("kind", String(40), nullable=False),
    Column("public_key", String(64), nullable=False),  # raw Ed25519 public key, hex
    Column("joined", String(10)),  # counts for the `all` policy from this date (None: always)
    Column("created_at", DateTime(timezone=True), nullable=False),
)

ledger_statements = Table(
    "ledger_statements",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the canonical payload
    Column("log_index", Integer, nullable=False, unique=True),
    Column("member", String(64), ForeignKey("ledger_members.id"), nullable=False),
    Column("member_seq", Integer, nullable=False),
    Column("entity_id", String(255), nullable=False),
    Column("position", String(16), nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("effective", String(10), nullable=False),
    Column("until", String(10)),
    Column("supersedes", String(64), unique=True),
    Column("proposal", String(64)),  # the proposal this statement answers
    Column("deadline", String(10)),  # set when the statement is itself a proposal
    Column("quorum", Integer),
    Column("source", String(255)),  # the official list record it was seeded from
    Column("issued", String(32), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("payload", Text, nullable=False),  # RFC 8785 canonical JSON, exactly as signed
    Column("signature", String(128), nullable=False),  # Ed25519 over the payload, hex
    Column("leaf_hash", String(64), nullable=False),
    Index("ix_ledger_statements_member_seq", "member", "member_seq", unique=True),
    Index("ix_ledger_statements_entity", "entity_id"),
    Index("ix_ledger_statements_source", "source"),
)

tree_heads = Table(
    "ledger_tree_heads",
    metadata,
    Column("tree_size", Integer, primary_key=True),
    Column("root_hash", String(64), nullable=False),
    Column("timestamp", String(32), nullable=False),
    Column("key_id", String(64), ForeignKey("ledger_log_keys.key_id"), nullable=False),
    Column("signature", String(128), nullable=False),
    Column("frontier", Text, nullable=False),  # roots of the perfect subtrees, hex, joined by ","
)

log_keys = Table(
    "ledger_log_keys",
    metadata,
    Column("key_id", String(64), primary_key=True),  # SHA-256 of the public key, hex
    Column("public_key", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

ledger_entities = Table(
    "ledger_entities",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("caption", Text, nullable=False),
    Column("data", Text, nullable=False),  # FtM JSON as submitted with the statement
    Column("statement_id", String(64), ForeignKey("ledger_statements.id"), nullable=False),
)

# -- entity resolution (revision 0006_ledger_resolution) ------------------------------------
# Judgements that two records name the same entity; append-only: the latest judgement on a
# pair (left < right) is the one that holds, and it names the one it replaces in `retracts`.
links = Table(
    "ledger_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(255), nullable=False),
    Column("right_id", String(255), nullable=False),
    Column("verdict", String(16), nullable=False),  # same | different | retracted
    Column("method", String(32), nullable=False),  # un-reference | identifier | name-dob | ...
    Column("basis", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("author", String(64), nullable=False),  # a member id, or `resolver`
    Column("retracts", Integer, ForeignKey("ledger_links.id")),
    Column("recorded_at", String(32), nullable=False),
    Index("ix_ledger_links_pair", "left_id", "right_id"),
    Index("ix_ledger_links_right", "right_id"),
)

# -- key rotation (revision 0006_ledger_keys) -----------------------------------------------
# Every signing key a member has had: the registered one from sequence 1, then one per
# key-rotation statement (which is in the log; this table is its index for appending).
member_keys = Table(
    "ledger_member_keys",
    metadata,
    Column("member", String(64), ForeignKey("ledger_members.id"), primary_key=True),
    Column("from_seq", Integer, primary_key=True),  # the first of the member's seqs it signs
    Column("public_key", String(64), nullable=False),
    Column("statement_id", String(64), ForeignKey("ledger_statements.id"), nullable=False),
)

# Members allowed to replace another member's lost key (by a statement of their own).
admins = Table(
    "ledger_admins",
    metadata,
    Column("member", String(64), ForeignKey("ledger_members.id"), primary_key=True),
    Column("granted_at", DateTime(timezone=True), nullable=False),
)
