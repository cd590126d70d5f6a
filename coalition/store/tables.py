"""The store's tables (SQLAlchemy Core). Changes go through an Alembic revision in migrations/."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

datasets = Table(
    "datasets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("title", String(255), nullable=False),
    Column("publisher", String(255)),
    Column("url", Text),
)

editions = Table(
    "editions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(64), ForeignKey("datasets.name"), nullable=False),
    Column("list_date", String(32), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("format", String(32), nullable=False),
    Column("source", Text),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("entity_count", Integer, nullable=False),
    Column("counts", JSON, nullable=False),
    Column("added", Integer, nullable=False, default=0),
    Column("changed", Integer, nullable=False, default=0),
    Column("removed", Integer, nullable=False, default=0),
    Index("ix_editions_dataset_hash", "dataset", "content_hash", unique=True),
)

# Which entities an edition contained, with a fingerprint of their values: the basis of
# `coalition diff` and of as-of reads of a list.
edition_entities = Table(
    "edition_entities",
    metadata,
    Column("edition_id", Integer, ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(255), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("caption", Text, nullable=False),
    Column("fingerprint", String(40), nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(255), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("lang", String(16)),
    Column("original_value", Text),
    Column("dataset", String(64), ForeignKey("datasets.name"), nullable=False),
    Column("reference", String(255), nullable=False),
    Column("first_seen", String(32)),
    Column("last_seen", String(32)),
    Column("first_edition", Integer, nullable=False),
    Column("last_edition", Integer, nullable=False),
    Index("ix_statements_entity", "entity_id"),
    Index("ix_statements_dataset_edition", "dataset", "last_edition"),
    Index("ix_statements_reference", "reference"),
)
