"""Exports load in the real `followthemoney` library (a test-only dependency)."""

import json

import pytest

from coalition.model import Entity
from coalition.store import DatasetInfo, Store

followthemoney = pytest.importorskip("followthemoney", reason="test dependency followthemoney")


def test_export_loads_in_followthemoney(sqlite_store: Store) -> None:
    from followthemoney import model

    p = Entity("Person", "un-sc-XQi.001", dataset="un-sc", reference="un-sc:XQi.001")
    p.add("name", "Abu Example")
    p.add("alias", "أبو مثال", lang="ara")
    p.add("birthDate", "1970")
    p.add("birthDate", "01/05/1971")
    p.add("nationality", "Syria")
    p.add("passportNumber", "N 123456")
    p.add("gender", "male")
    s = Entity("Sanction", "un-sc-XQi.001-sanction", dataset="un-sc", reference="un-sc:XQi.001")
    s.add("entity", p.id)
    s.add("authority", "United Nations Security Council")
    s.add("listingDate", "2001-10-06")
    v = Entity("Vessel", "un-sc-XQe.900", dataset="un-sc",
               reference="un-sc:XQe.900")
    v.add("name", "SEA EXAMPLE")
    v.add("imoNumber", "9176187")
    v.add("flag", "Panama")
    sqlite_store.write_edition(DatasetInfo("un-sc", "UN"), list_date="2026-01-01",
                               content_hash="x", format="un-xml", source=None,
                               entities=[p, s, v])
    for entity in sqlite_store.entities():
        data = json.loads(json.dumps(entity.to_ftm()))
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.schema.name == entity.schema.name
        for prop, values in entity.properties.items():
            assert sorted(proxy.get(prop)) == sorted(values), prop
        # and FtM's own cleaning keeps every value we wrote
        cleaned = model.get_proxy({"id": data["id"], "schema": data["schema"],
                                   "properties": data["properties"]})
        for prop, values in entity.properties.items():
            assert set(cleaned.get(prop)) == set(values), prop
