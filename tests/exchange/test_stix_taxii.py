"""STIX 2.1 both ways and TAXII 2.1: our router mounted in a FastAPI app, our client against it,
and bad input (malformed STIX, oversized payloads, foreign or expired credentials) refused
with 4xx and nothing stored."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import httpx
import orjson
import pytest
import stix2

from coalition.errors import ForbiddenError, InputError, UsageError
from coalition.exchange import interop
from coalition.exchange.items import PayloadTooLarge, WarningDraft
from coalition.exchange.taxii_client import TaxiiClient
from coalition.exchange.taxii_server import MEDIA, collection_id
from coalition.exchange.tlp import TLP

from .conftest import Node, make_node, new_report_objects, token_of, user_of

HEADERS = {"Accept": MEDIA}


def test_stix_export_is_valid_and_round_trips(shared: Node, tmp_path: Path) -> None:
    de = next(p for p in shared.users.values() if p.member == "de-bfv")
    bundle = interop.export_bundle(shared.service, de)
    parsed = stix2.parse(bundle, allow_custom=True)
    types = sorted({o.type for o in parsed.objects})
    assert types == ["identity", "intrusion-set", "marking-definition", "relationship",
                     "report", "sighting", "threat-actor"]
    assert all(o.name != "Only for the US" for o in parsed.objects if o.type == "report")
    report = next(o for o in parsed.objects if o.type == "report")
    assert report.object_marking_refs == [TLP.AMBER.marking_id]
    other = make_node(f"sqlite:///{tmp_path / 'peer.db'}", tmp_path / "peer")
    for m in ("fr-dgsi", "de-bfv"):
        other.member(m)
    de2 = next(p for p in other.users.values() if p.member == "de-bfv")
    summary = interop.import_bundle(other.service, de2, orjson.dumps(bundle), relay=True)
    assert len(summary.stored) == 1
    again = interop.import_bundle(other.service, de2, orjson.dumps(bundle), relay=True)
    assert again.stored == [] and again.existing == summary.stored
    view = other.service.list_items(de2)[0]
    assert view.title == "Explosives moved towards the venue" and view.tlp is TLP.AMBER
    assert {s["schema"] for s in view.payload["subjects"]} == {"Person", "Organization"}
    other.store.close()


def test_malformed_or_foreign_bundles_store_nothing(shared: Node) -> None:
    fr = next(p for p in shared.users.values() if p.member == "fr-dgsi")
    de = next(p for p in shared.users.values() if p.member == "de-bfv")
    good = interop.export_bundle(shared.service, fr)
    before = len(shared.service.list_items(fr))
    broken = {**good, "objects": [*good["objects"], {"type": "report", "id": "report--x"}]}
    for data, error in [
        (b"{not json", InputError),
        (orjson.dumps({"type": "indicator"}), InputError),
        (orjson.dumps(broken), InputError),
        (b" " * (9 * 1024 * 1024), PayloadTooLarge),
    ]:
        with pytest.raises(error):
            interop.import_bundle(shared.service, fr, data, group="sochi")
    with pytest.raises(ForbiddenError):  # de-bfv may not submit fr-dgsi's reports as its own
        interop.import_bundle(shared.service, de, orjson.dumps(good), group="sochi")
    unmarked = {**good, "objects": [{**o, "object_marking_refs": []} if o["type"] == "report"
                                    else o for o in good["objects"]]}
    with pytest.raises(InputError, match="TLP marking"):
        interop.import_bundle(shared.service, fr, orjson.dumps(unmarked), group="sochi")
    assert len(shared.service.list_items(fr)) == before


def test_taxii_discovery_collections_and_paging(shared: Node, client: httpx.Client) -> None:
    token = token_of(shared, "ge-sss")
    h = {**HEADERS, "Authorization": f"Bearer {token}"}
    d = client.get("/taxii2/", headers=h)
    assert d.status_code == 200 and d.headers["content-type"].startswith(
        "application/taxii+json")
    root = d.json()["default"]
    assert client.get(root, headers=h).json()["versions"] == [MEDIA]
    cols = client.get(f"{root}collections/", headers=h).json()["collections"]
    assert {c["id"] for c in cols} == {"inbox", collection_id("sochi")}
    url = f"{root}collections/{collection_id('sochi')}/objects/"
    seen, params = [], {"limit": 3}
    while True:
        page = client.get(url, headers=h, params=params).json()
        seen.extend(page["objects"])
        if not page["more"]:
            break
        params["next"] = page["next"]
    assert len(seen) == len({o["id"] for o in seen}) > 3
    reports = client.get(url, headers=h, params={"match[type]": "report"}).json()["objects"]
    assert [r["name"] for r in reports] == ["Explosives moved towards the venue"]
    manifest = client.get(f"{root}collections/{collection_id('sochi')}/manifest/", headers=h)
    assert len(manifest.json()["objects"]) == min(len(seen), 100)
    # us-fbi is not in the group: no such collection for it
    hu = {**HEADERS, "Authorization": f"Bearer {token_of(shared, 'us-fbi')}"}
    assert client.get(url, headers=hu).status_code == 404


def test_taxii_refuses_bad_requests(shared: Node, client: httpx.Client) -> None:
    url = f"/exchange/collections/{collection_id('sochi')}/objects/"
    assert client.get(url, headers=HEADERS).status_code == 401
    bad = {**HEADERS, "Authorization": "Bearer cx_forged"}
    r = client.get(url, headers=bad)
    assert r.status_code == 401 and r.json()["http_status"] == "401"
    _, expired = shared.service.create_user("de-bfv", "leaver", timedelta(minutes=5))
    shared.clock.advance(minutes=10)
    assert client.get(url, headers={**HEADERS, "Authorization": f"Bearer {expired}"}
                      ).status_code == 401
    h = {**HEADERS, "Authorization": f"Bearer {token_of(shared, 'fr-dgsi')}"}
    assert client.get(url, headers={**h, "Accept": "text/html"}).status_code == 406
    assert client.post(url, headers={**h, "Content-Type": "application/json"},
                       content=b"{}").status_code == 415
    post = {**h, "Content-Type": MEDIA}
    assert client.post(url, headers=post, content=b"x" * (9 * 1024 * 1024)).status_code == 413
    assert client.post(url, headers=post, content=b"{broken").status_code == 400
    bad_stix = orjson.dumps({"objects": [{"type": "report", "id": "report--nope"}]})
    assert client.post(url, headers=post, content=bad_stix).status_code == 422
    fr = next(p for p in shared.users.values() if p.member == "fr-dgsi")
    assert len(shared.service.list_items(fr)) == 2


def test_taxii_post_then_client_pull(shared: Node, client: httpx.Client, tmp_path: Path) -> None:
    root = "/exchange/"
    h = {**HEADERS, "Content-Type": MEDIA, "Authorization": f"Bearer {token_of(shared, 'fr-dgsi')}"}
    objects = new_report_objects(shared, "report--2f0d8c53-1111-4f4e-9d1e-0c0a11710e1c",
                                 "Posted over TAXII")
    r = client.post(f"{root}collections/{collection_id('sochi')}/objects/", headers=h,
                    content=orjson.dumps({"objects": objects}))
    assert r.status_code == 202, r.text
    status = client.get(f"{root}status/{r.json()['id']}/", headers=h).json()
    assert status["status"] == "complete" and status["success_count"] == 3
    # a second node of the coalition pulls the group's collection as ge-sss
    other = make_node(f"sqlite:///{tmp_path / 'peer.db'}", tmp_path / "peer")
    for m in ("fr-dgsi", "ge-sss"):
        other.member(m)
    ge_local = next(p for p in other.users.values() if p.member == "ge-sss")
    taxii = TaxiiClient(str(client.base_url), token_of(shared, "ge-sss"))
    assert {c["id"] for c in taxii.collections()} == {"inbox", collection_id("sochi")}
    summary = taxii.pull(other.service, ge_local, collection_id("sochi"))
    titles = {v.title for v in other.service.list_items(ge_local)}
    assert titles == {"Explosives moved towards the venue", "Posted over TAXII"}
    assert len(summary.stored) == 2
    taxii.close()
    other.store.close()


def test_stix_export_pages_leave_nothing_out(node: Node) -> None:
    fr = node.member("fr-dgsi")
    node.member("de-bfv")
    node.member("us-fbi")
    ids = [node.service.warn(fr, WarningDraft(title=f"Warning {i}", text="x", tlp="AMBER",
                                              recipients=["de-bfv"]))
           for i in range(5)]
    node.service.warn(fr, WarningDraft(title="Only for the US", text="x", tlp="AMBER+STRICT",
                                       recipients=["us-fbi"]))
    de = user_of(node, "de-bfv")
    seen: list[str] = []
    cursor, pages = None, 0
    while True:
        page = interop.export_page(node.service, de, cursor=cursor, limit=2)
        reports = [o for o in page.bundle["objects"] if o["type"] == "report"]
        assert page.count == len(reports) <= 2
        seen += [o["name"] for o in reports]
        pages += 1
        if page.next is None:
            break
        cursor = page.next
    assert seen == [f"Warning {i}" for i in range(5)] and pages == 3  # oldest first, no repeat
    everything = interop.export_all(node.service, de, window=2)
    assert everything.count == 5 and everything.next is None
    stix2.parse(everything.bundle, allow_custom=True)
    assert sorted(o["name"] for o in everything.bundle["objects"] if o["type"] == "report") \
        == sorted(seen)
    assert len(ids) == 5
    naive = base64.urlsafe_b64encode(b"2026-01-01T00:00:00|w-1").decode()  # no time zone
    for bad in ("not-a-cursor", "eHh4", naive, "%%%"):
        with pytest.raises(UsageError, match="export cursor"):
            interop.export_page(node.service, de, cursor=bad, limit=2)
