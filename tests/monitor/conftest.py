"""Monitor fixtures: short fictional news texts written for these tests, list entities in
memory, and a node with registered members and an exchange for alert delivery."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.exchange import ExchangeService, ManualClock, MemorySigner, Principal
from coalition.ledger.ledger import Ledger
from coalition.model import Entity
from coalition.monitor import Monitor
from coalition.monitor.linking import EntityIndex
from coalition.store import Store

GLUED = """Get the latest updates as we post them — right on your browser

Ministers Agree on Joint Watch Centre

Ministers Agree on Joint Watch Centre

NOVOGRAD, March 3 (Example Agency) – Foreign Minister Elena Varga met Interior Minister \
Tomas Brandt in Novograd on Tuesday to discuss a joint watch centre against al-Qaeda financing.

"We will share what we know," Varga said.

Views: 1254

Border Talks Resume After Long Pause

Border Talks Resume After Long Pause

Example Wire , Friday 6 Mar 2015

President Karl Osterberg spoke by telephone with Prime Minister Anna Lind on Thursday about \
ISIL fighters crossing the border.

Osterberg called for closer cooperation between border services.

© 2015 Example Wire. All rights reserved.
"""


def org(ref: str, *names: str) -> Entity:
    e = Entity("Organization", f"un-sc-{ref}", dataset="un-sc", reference=f"un-sc:{ref}")
    for n in names:
        e.add("name", n)
    return e


def person(ref: str, *names: str) -> Entity:
    e = Entity("Person", f"un-sc-{ref}", dataset="un-sc", reference=f"un-sc:{ref}")
    for n in names:
        e.add("name", n)
    return e


@pytest.fixture
def list_entities() -> list[Entity]:
    return [
        org("QDe.115", "AL-QAIDA IN IRAQ", "AQI"),
        org("QDe.999", "Example Liberation Brigades of the North"),
        person("QDi.999", "Yusuf Example Karimi"),
    ]


class Node:
    """A store with registered members, an exchange, and the monitor's own user."""

    def __init__(self, store: Store, tmp_path: Path) -> None:
        self.store = store
        self.signer = MemorySigner()
        self.ledger = Ledger(store, tmp_path / "keys")
        self.exchange = ExchangeService(store, ManualClock(), self.signer)
        self.users: dict[str, Principal] = {}
        for member in ("ops", "fiu-b", "ministry-c", "police-d"):
            self.ledger.add_member(member, f"Service {member}", kind="security-service",
                                   public_key=self.signer.add(member))
            user, _ = self.exchange.create_user(member, "duty officer")
            self.users[member] = Principal(member, user.id)
        bot, _ = self.exchange.create_user("ops", "news monitor")
        self.bot = Principal("ops", bot.id)

    def monitor(self, nlp: bool = False) -> Monitor:
        return Monitor(self.store, nlp=nlp, index=EntityIndex(()),
                       exchange=(self.exchange, self.bot))

    def warnings(self, member: str) -> list:
        return self.exchange.list_items(self.users[member], kind="warning")
