"""Exchange fixtures: a node (store + service with a manual clock and in-memory member keys)
over a file SQLite database and over PostgreSQL, with members registered through the ledger.

A file (not in-memory) SQLite database is used because the delivery worker, the TAXII router
and the subprocess worker reach the database from other threads and processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coalition.exchange import ExchangeService, ManualClock, MemorySigner, Principal
from coalition.ledger.ledger import Ledger
from coalition.store import Store


@dataclass
class Node:
    store: Store
    service: ExchangeService
    clock: ManualClock
    signer: MemorySigner
    ledger: Ledger
    url: str
    users: dict[str, Principal] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def member(self, id: str, name: str | None = None) -> Principal:
        """Register a member and one user of it; return that user."""
        key = self.signer.add(id)
        self.ledger.add_member(id, name or f"Service {id.upper()}", kind="security-service",
                               public_key=key)
        return self.user(id, "duty officer")

    def user(self, member: str, name: str) -> Principal:
        user, token = self.service.create_user(member, name)
        principal = Principal(member, user.id)
        self.users[user.id] = principal
        self.tokens[user.id] = token
        return principal


def make_node(url: str, tmp_path: Path, clock: ManualClock | None = None) -> Node:
    store = Store(url)
    clock = clock or ManualClock()
    signer = MemorySigner()
    service = ExchangeService(store, clock, signer)
    return Node(store, service, clock, signer, Ledger(store, tmp_path / "keys"), url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'node.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def node(db_url: str, tmp_path: Path) -> Iterator[Node]:
    n = make_node(db_url, tmp_path)
    yield n
    n.store.close()
