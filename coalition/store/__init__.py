"""The store: SQLite or PostgreSQL through SQLAlchemy, list editions, statements with provenance."""

from coalition.store.store import (
    Change,
    DatasetInfo,
    Diff,
    Edition,
    Store,
    WriteResult,
    create_engine,
    migrate,
)

__all__ = ["Change", "DatasetInfo", "Diff", "Edition", "Store", "WriteResult", "create_engine",
           "migrate"]
