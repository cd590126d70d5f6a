"""Exchange fixtures: a node (store + service with a manual clock and in-memory member keys)
over a file SQLite database and over PostgreSQL, with members registered through the ledger.

A file (not in-memory) SQLite database is used because the delivery worker, the TAXII router
and the subprocess worker reach the database from other threads and processes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from coalition.exchange import (
    ExchangeService,
    ManualClock,
    MemorySigner,
    Principal,
    WarningDraft,
    interop,
)
from coalition.exchange.taxii_server import taxii_router
from coalition.exchange.tlp import TLP
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


def token_of(node: Node, member: str) -> str:
    """The token of the first user made for `member`."""
    return next(node.tokens[u] for u, p in node.users.items() if p.member == member)


def user_of(node: Node, member: str) -> Principal:
    return next(p for p in node.users.values() if p.member == member)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def shared(node: Node) -> Node:
    """fr-dgsi warns its sharing group (de-bfv, ge-sss) at AMBER and us-fbi at AMBER+STRICT."""
    fr = node.member("fr-dgsi")
    node.member("de-bfv")
    node.member("ge-sss")
    node.member("us-fbi")
    node.service.create_group(fr, "sochi", "Olympics security", ["de-bfv", "ge-sss"])
    node.service.warn(fr, WarningDraft(
        title="Explosives moved towards the venue", text="Two persons of Example Front.",
        severity="critical", tlp="AMBER", group="sochi",
        subjects=[{"name": "Ivan Example", "schema": "Person"},
                  {"name": "Example Front", "schema": "Organization"}]))
    node.service.warn(fr, WarningDraft(title="Only for the US", text="x", tlp="AMBER+STRICT",
                                       recipients=["us-fbi"]))
    return node


@pytest.fixture
def taxii_url(shared: Node) -> Iterator[str]:
    """Our TAXII router in a FastAPI app served on 127.0.0.1."""
    app = FastAPI()
    app.include_router(taxii_router(shared.service))
    with serve(app) as url:
        yield url


@pytest.fixture
def client(taxii_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=taxii_url, timeout=30) as c:
        yield c


def new_report_objects(node: Node, report_id: str, name: str) -> list[dict[str, Any]]:
    """fr-dgsi's identity, a new GREEN report of its own (made from its AMBER+STRICT one) and
    the GREEN marking: what fr-dgsi would post to a group's collection."""
    bundle = interop.export_bundle(node.service, user_of(node, "fr-dgsi"))
    report = next(o for o in bundle["objects"] if o["type"] == "report"
                  and o["name"] == "Only for the US")
    posted = {**report, "id": report_id, "name": name, "external_references": [],
              "object_marking_refs": [TLP.GREEN.marking_id]}
    identity = next(o for o in bundle["objects"] if o["type"] == "identity")
    return [identity, posted, TLP.GREEN.marking_definition()]
