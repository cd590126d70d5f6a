"""Ledger fixtures: a ledger over the parametrised `store` with keys in tmp_path, and a small
fictional coalition (five members, three groups) the scenario tests play through."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.ledger import Ledger
from coalition.model import Entity
from coalition.store import DatasetInfo, Store

GROUPS = {
    "ftm-demo-crimson-hand": "Crimson Hand Brigade",
    "ftm-demo-nlf": "Northern Liberation Front",
}
MEMBERS = [
    ("fr", "France, Ministry for Europe and Foreign Affairs", "France", "foreign-ministry"),
    ("de", "Germany, Federal Foreign Office", "Germany", "foreign-ministry"),
    ("ru", "Russian Federation, Rosfinmonitoring", "Russia", "financial-intelligence-unit"),
    ("tr", "Türkiye, Ministry of Foreign Affairs", "Turkey", "foreign-ministry"),
    ("unsc", "UN Security Council", None, "international-body"),
]


def write_groups(store: Store) -> None:
    entities = []
    for eid, name in GROUPS.items():
        e = Entity("Organization", eid, dataset="ftm-demo", reference=f"ftm-demo:{eid}")
        e.add("name", name)
        entities.append(e)
    store.write_edition(DatasetInfo("ftm-demo", "Demo groups"), list_date="2014-01-01",
                        content_hash="demo-1", format="ftm", source=None, entities=entities)


@pytest.fixture
def ledger(store: Store, tmp_path: Path) -> Ledger:
    write_groups(store)
    led = Ledger(store, tmp_path / "keys")
    for mid, name, country, kind in MEMBERS:
        led.add_member(mid, name, country=country, kind=kind)
    return led
