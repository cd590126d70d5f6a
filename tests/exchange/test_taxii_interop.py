"""Interoperability with real TAXII 2.1 peers on loopback, both ways:

- our `TaxiiClient` pulls from `medallion` (the OASIS reference server, memory backend) started
  as its own process on 127.0.0.1, paging with medallion's own `next` values;
- the OASIS `taxii2-client` library reads from our server, started with uvicorn on 127.0.0.1,
  and sees exactly what the access policy lets each user see.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import requests
from taxii2client.v21 import ApiRoot, Server, as_pages

from coalition.exchange import WarningDraft, interop
from coalition.exchange.taxii_client import TaxiiClient
from coalition.exchange.taxii_server import MEDIA, collection_id
from coalition.exchange.tlp import TLP

from .conftest import Node, make_node, new_report_objects, token_of, user_of

PEER_COLLECTION = "365fed99-08fa-fdcd-a1b3-fb247eb41d01"
PEER_USER, PEER_PASSWORD = "coalition-node", "loopback-only"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def medallion(tmp_path: Path) -> Iterator[str]:
    """A medallion server (memory backend, pages of 2) on 127.0.0.1; yields its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data = {
        "/discovery": {"title": "peer node", "default": f"{base}/peer/",
                       "api_roots": [f"{base}/peer/"]},
        "peer": {
            "information": {"title": "peer", "versions": [MEDIA],
                            "max_content_length": 9765625},
            "status": [],
            "collections": [{"id": PEER_COLLECTION, "title": "Shared warnings",
                             "can_read": True, "can_write": True,
                             "media_types": ["application/stix+json;version=2.1"],
                             "objects": [], "manifest": []}],
        },
    }
    (tmp_path / "data.json").write_text(json.dumps(data))
    config = {"users": {PEER_USER: PEER_PASSWORD}, "taxii": {"max_page_size": 2},
              "backend": {"module": "medallion.backends.memory_backend",
                          "module_class": "MemoryBackend",
                          "filename": str(tmp_path / "data.json")}}
    (tmp_path / "config.json").write_text(json.dumps(config))
    proc = subprocess.Popen([sys.executable, "-m", "medallion.scripts.run", "--host",
                             "127.0.0.1", "--port", str(port), str(tmp_path / "config.json")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/taxii2/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("medallion did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def _post_to_peer(base: str, objects: list[dict[str, Any]]) -> dict[str, Any]:
    r = httpx.post(f"{base}/peer/collections/{PEER_COLLECTION}/objects/",
                   auth=(PEER_USER, PEER_PASSWORD), content=orjson.dumps({"objects": objects}),
                   headers={"Accept": MEDIA, "Content-Type": MEDIA}, timeout=30)
    assert r.status_code == 202, r.text
    return r.json()


def test_our_client_pulls_from_medallion(shared: Node, medallion: str, tmp_path: Path) -> None:
    # a member's export, published on the peer server
    de = user_of(shared, "de-bfv")
    bundle = interop.export_bundle(shared.service, de)
    status = _post_to_peer(medallion, bundle["objects"])
    assert status["success_count"] == len(bundle["objects"]) > 4
    # another node pulls it as de-bfv; medallion serves two objects a page
    other = make_node(f"sqlite:///{tmp_path / 'other.db'}", tmp_path / "other")
    for m in ("fr-dgsi", "de-bfv"):
        other.member(m)
    de_other = user_of(other, "de-bfv")
    client = TaxiiClient(medallion, auth=(PEER_USER, PEER_PASSWORD))
    try:
        assert [c["id"] for c in client.collections()] == [PEER_COLLECTION]
        objects = client.objects(PEER_COLLECTION)
        assert sorted(o["id"] for o in objects) == sorted(o["id"] for o in bundle["objects"])
        mark = client.last_added
        assert mark is not None
        summary = client.pull(other.service, de_other, PEER_COLLECTION)
        assert len(summary.stored) == 1
        [view] = other.service.list_items(de_other)
        assert view.title == "Explosives moved towards the venue" and view.tlp is TLP.AMBER
        assert view.originator == "fr-dgsi"
        # an incremental pull from the mark gets only what the peer added since
        shared.clock.advance(minutes=5)
        fr = user_of(shared, "fr-dgsi")
        shared.service.warn(fr, WarningDraft(title="A second warning", text="y", tlp="GREEN",
                                             group="sochi"))
        newer = interop.export_bundle(shared.service, de)
        time.sleep(0.01)  # medallion stamps date_added with its own clock
        _post_to_peer(medallion, [o for o in newer["objects"]
                                  if o["id"] not in {b["id"] for b in bundle["objects"]}])
        again = client.pull(other.service, de_other, PEER_COLLECTION, added_after=mark)
        assert len(again.stored) == 1 and again.existing == []
        assert {v.title for v in other.service.list_items(de_other)} == {
            "Explosives moved towards the venue", "A second warning"}
    finally:
        client.close()
        other.store.close()


def test_medallion_answers_our_client_with_errors_we_name(medallion: str) -> None:
    wrong = TaxiiClient(medallion, auth=(PEER_USER, "wrong"))
    try:
        with pytest.raises(Exception, match="refused our credentials"):
            wrong.collections()
    finally:
        wrong.close()


class Bearer(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r


def _root(url: str, auth: Any) -> ApiRoot:
    server = Server(f"{url}/taxii2/", auth=auth)
    assert server.title == "coalition exchange"
    [root] = server.api_roots
    assert root.versions == [MEDIA]
    return root


def _walk(collection: Any) -> list[dict[str, Any]]:
    return [o for page in as_pages(collection.get_objects, per_request=3)
            for o in page.get("objects", [])]


def test_taxii2_client_reads_our_server_under_the_policy(shared: Node, taxii_url: str) -> None:
    fr = user_of(shared, "fr-dgsi")
    shared.service.warn(fr, WarningDraft(title="Red, for one analyst", text="z", tlp="RED",
                                         recipients=["de-bfv"],
                                         named_users=[user_of(shared, "de-bfv").user or ""]))
    de_root = _root(taxii_url, Bearer(token_of(shared, "de-bfv")))
    assert {c.id for c in de_root.collections} == {"inbox", collection_id("sochi")}
    sochi = next(c for c in de_root.collections if c.id == collection_id("sochi"))
    objects = _walk(sochi)
    names = {o["name"] for o in objects if o["type"] == "report"}
    assert names == {"Explosives moved towards the venue"}
    manifest = [r for page in as_pages(sochi.get_manifest, per_request=3)
                for r in page.get("objects", [])]
    assert [r["id"] for r in manifest] == [o["id"] for o in objects]
    report = next(o for o in objects if o["type"] == "report")
    assert sochi.get_object(report["id"])["objects"] == [report]
    assert sochi.object_versions(report["id"])["versions"] == [report["modified"]]
    inbox = next(c for c in de_root.collections if c.id == "inbox")
    inbox_reports = {o["name"] for o in _walk(inbox) if o["type"] == "report"}
    # the user sees in TAXII exactly the warnings the service lets it read
    de = user_of(shared, "de-bfv")
    assert inbox_reports == {v.title for v in shared.service.list_items(de)
                             if v.kind == "warning"}
    assert "Red, for one analyst" in inbox_reports and "Only for the US" not in inbox_reports
    # a colleague at de-bfv who is not named on the RED warning does not get it
    colleague = shared.user("de-bfv", "night shift")
    other_root = _root(taxii_url, Bearer(shared.tokens[colleague.user or ""]))
    other_inbox = next(c for c in other_root.collections if c.id == "inbox")
    assert {o["name"] for o in _walk(other_inbox) if o["type"] == "report"} == {
        "Explosives moved towards the venue"}
    # us-fbi, with HTTP Basic (user id and token): no sochi collection, only its own item
    us = user_of(shared, "us-fbi")
    us_root = _root(taxii_url, (us.user, token_of(shared, "us-fbi")))
    assert [c.id for c in us_root.collections] == ["inbox"]
    us_reports = {o["name"] for o in _walk(us_root.collections[0]) if o["type"] == "report"}
    assert us_reports == {"Only for the US"}


def test_taxii2_client_adds_objects_to_a_group_collection(shared: Node, taxii_url: str) -> None:
    root = _root(taxii_url, Bearer(token_of(shared, "fr-dgsi")))
    sochi = next(c for c in root.collections if c.id == collection_id("sochi"))
    status = sochi.add_objects({"objects": new_report_objects(
        shared, "report--7d3c51a4-2222-4f4e-9d1e-0c0a11710e1c", "Posted with taxii2-client")})
    assert status.status == "complete" and status.success_count == 3
    fetched = root.get_status(status.id)
    assert fetched.id == status.id and fetched.status == "complete"
    ge = user_of(shared, "ge-sss")
    assert "Posted with taxii2-client" in {v.title for v in shared.service.list_items(ge)}
