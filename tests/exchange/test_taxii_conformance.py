"""Our TAXII 2.1 server held to the specification's requirements, endpoint by endpoint: media
types and content negotiation (406, 415), the resources' required properties, pagination
(`more`, `next`, `limit`, the `X-TAXII-Date-Added-First/Last` headers), the filters
(`added_after`, `match[id|type|version|spec_version]`), manifest, versions, status, errors."""

from __future__ import annotations

import httpx
import orjson
import pytest

from coalition.exchange import WarningDraft, interop, taxii_server
from coalition.exchange.taxii_query import MEDIA, STIX_MEDIA
from coalition.exchange.taxii_server import collection_id
from coalition.exchange.tlp import TLP

from .conftest import Node, token_of, user_of

ROOT = "/exchange/"


def _h(node: Node, member: str, **extra: str) -> dict[str, str]:
    return {"Accept": MEDIA, "Authorization": f"Bearer {token_of(node, member)}", **extra}


def _objects_url(group: str = "sochi") -> str:
    return f"{ROOT}collections/{collection_id(group)}/objects/"


def _taxii_json(r: httpx.Response, status: int = 200) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == MEDIA
    return r.json()


def test_every_endpoint_answers_taxii_json_with_required_properties(
        shared: Node, client: httpx.Client) -> None:
    h = _h(shared, "de-bfv")
    d = _taxii_json(client.get("/taxii2/", headers=h))
    assert d["title"] and d["api_roots"] == [d["default"]]
    assert d["default"].startswith(str(client.base_url)) and d["default"].endswith(ROOT)
    root = _taxii_json(client.get(ROOT, headers=h))
    assert root["versions"] == [MEDIA] and root["title"] and root["max_content_length"] > 0
    cols = _taxii_json(client.get(f"{ROOT}collections/", headers=h))["collections"]
    for col in cols:
        assert {"id", "title", "can_read", "can_write", "media_types"} <= set(col)
        assert col["media_types"] == [STIX_MEDIA]
        assert _taxii_json(client.get(f"{ROOT}collections/{col['id']}/", headers=h)) == col
    envelope = _taxii_json(client.get(_objects_url(), headers=h))
    assert envelope["more"] is False and "next" not in envelope
    manifest = _taxii_json(client.get(f"{ROOT}collections/{collection_id('sochi')}/manifest/",
                                      headers=h))
    assert len(manifest["objects"]) == len(envelope["objects"])
    by_id = {o["id"]: o for o in envelope["objects"]}
    for row in manifest["objects"]:
        assert set(row) == {"id", "date_added", "version", "media_type"}
        assert row["media_type"] == STIX_MEDIA
        assert row["version"] == by_id[row["id"]].get("modified", by_id[row["id"]]["created"])
    report = next(o for o in envelope["objects"] if o["type"] == "report")
    one = client.get(f"{_objects_url()}{report['id']}/", headers=h)
    assert _taxii_json(one)["objects"] == [report]
    assert one.headers["X-TAXII-Date-Added-First"] == one.headers["X-TAXII-Date-Added-Last"]
    versions = _taxii_json(client.get(f"{_objects_url()}{report['id']}/versions/", headers=h))
    assert versions == {"more": False, "versions": [report["modified"]]}
    missing = client.get(f"{_objects_url()}report--00000000-0000-4000-8000-000000000000/",
                         headers=h)
    error = _taxii_json(missing, 404)
    assert error["http_status"] == "404" and error["title"] and error["description"]


@pytest.mark.parametrize(("accept", "status"), [
    (MEDIA, 200), ("application/taxii+json", 200), ("*/*", 200),
    ("application/taxii+json; version=2.1", 200),
    ("text/html, application/taxii+json;version=2.1;q=0.9", 200),
    ("application/taxii+json;version=2.0", 406), ("text/html", 406),
    ("application/stix+json;version=2.1", 406), ("application/taxii+json;q=0", 406),
])
def test_accept_header_is_negotiated(shared: Node, client: httpx.Client, accept: str,
                                     status: int) -> None:
    h = _h(shared, "de-bfv", Accept=accept)
    for url in ("/taxii2/", ROOT, f"{ROOT}collections/", _objects_url()):
        r = client.get(url, headers=h)
        assert r.status_code == status, (url, r.text)
        assert r.headers["content-type"] == MEDIA


@pytest.mark.parametrize("ctype", [
    "application/json", "application/stix+json;version=2.1",
    "application/taxii+json;version=2.0", "",
])
def test_post_with_other_content_type_is_415_and_stores_nothing(
        shared: Node, client: httpx.Client, ctype: str) -> None:
    fr = user_of(shared, "fr-dgsi")
    before = len(shared.service.list_items(fr))
    h = _h(shared, "fr-dgsi", **({"Content-Type": ctype} if ctype else {}))
    r = client.post(_objects_url(), headers=h, content=b'{"objects": []}')
    assert _taxii_json(r, 415)["http_status"] == "415"
    assert len(shared.service.list_items(fr)) == before


def test_unauthenticated_requests_get_401_with_a_challenge(client: httpx.Client) -> None:
    for url in ("/taxii2/", ROOT, _objects_url()):
        r = client.get(url, headers={"Accept": MEDIA})
        assert _taxii_json(r, 401)["http_status"] == "401"
        assert "Bearer" in r.headers["www-authenticate"]
    bad = client.get(ROOT, headers={"Accept": MEDIA}, auth=("nobody", "cx_forged"))
    assert bad.status_code == 401


def _more_warnings(node: Node, count: int) -> list[str]:
    fr = user_of(node, "fr-dgsi")
    ids = []
    for i in range(count):
        node.clock.advance(minutes=1)
        ids.append(node.service.warn(fr, WarningDraft(
            title=f"Follow-up {i}", text="More movement seen.", tlp="GREEN", group="sochi",
            subjects=[{"name": f"Courier {i}", "schema": "Person"}])))
    return ids


def test_pagination_walks_every_object_once_in_date_added_order(
        shared: Node, client: httpx.Client) -> None:
    _more_warnings(shared, 3)
    h = _h(shared, "ge-sss")
    everything = _taxii_json(client.get(_objects_url(), headers=h))["objects"]
    pages, params = [], {"limit": "4"}
    while True:
        r = client.get(_objects_url(), headers=h, params=params)
        page = _taxii_json(r)
        assert len(page["objects"]) <= 4
        manifest = _taxii_json(client.get(f"{ROOT}collections/{collection_id('sochi')}/"
                                          "manifest/", headers=h, params=params))
        assert [m["id"] for m in manifest["objects"]] == [o["id"] for o in page["objects"]]
        added = [m["date_added"] for m in manifest["objects"]]
        assert added == sorted(added)
        assert r.headers["X-TAXII-Date-Added-First"] == added[0]
        assert r.headers["X-TAXII-Date-Added-Last"] == added[-1]
        pages.append(page["objects"])
        if not page["more"]:
            assert "next" not in page
            break
        assert isinstance(page["next"], str) and page["next"]
        params = {"limit": "4", "next": page["next"]}
    walked = [o["id"] for p in pages for o in p]
    assert len(pages) > 2 and walked == [o["id"] for o in everything]
    assert len(set(walked)) == len(walked)


def test_filters(shared: Node, client: httpx.Client) -> None:
    h = _h(shared, "ge-sss")
    first = _taxii_json(client.get(_objects_url(), headers=h))["objects"]
    mark = client.get(_objects_url(), headers=h).headers["X-TAXII-Date-Added-Last"]
    new_ids = _more_warnings(shared, 2)

    def get(**params: str) -> list[dict]:
        return _taxii_json(client.get(_objects_url(), headers=h, params=params)).get("objects", [])

    later = get(added_after=mark)
    assert later and not {o["id"] for o in later} & {o["id"] for o in first}
    assert {o["name"] for o in later if o["type"] == "report"} == {"Follow-up 0",
                                                                    "Follow-up 1"}
    assert {o["type"] for o in get(**{"match[type]": "report,sighting"})} == {"report",
                                                                            "sighting"}
    reports = get(**{"match[type]": "report"})
    assert len(reports) == 3 and all(o["type"] == "report" for o in reports)
    picked = get(**{"match[id]": f"{reports[0]['id']},{reports[2]['id']}"})
    assert [o["id"] for o in picked] == [reports[0]["id"], reports[2]["id"]]
    assert get(**{"match[type]": "report", "match[id]": reports[1]["id"]}) == [reports[1]]
    assert get(**{"match[type]": "indicator"}) == []
    assert get(**{"match[spec_version]": "2.0"}) == []
    assert len(get(**{"match[spec_version]": "2.1"})) == len(get())
    for which in ("first", "last", "all"):
        assert len(get(**{"match[version]": which, "match[type]": "report"})) == 3
    exact = get(**{"match[version]": reports[1]["modified"]})
    assert reports[1] in exact and all(o.get("modified") == reports[1]["modified"]
                                       for o in exact)
    assert len(new_ids) == 2


def test_a_retracted_report_is_a_new_version_added_later(shared: Node,
                                                         client: httpx.Client) -> None:
    h = _h(shared, "de-bfv")
    mark = client.get(_objects_url(), headers=h).headers["X-TAXII-Date-Added-Last"]
    fr = user_of(shared, "fr-dgsi")
    item = shared.service.list_items(fr, group="sochi")[0]
    shared.clock.advance(hours=1)
    shared.service.retract(fr, item.id, "The source was wrong.")
    later = _taxii_json(client.get(_objects_url(), headers=h,
                                   params={"added_after": mark}))["objects"]
    revoked = [o for o in later if o["type"] == "report"]
    assert len(revoked) == 1 and revoked[0]["revoked"] is True
    assert any(o["type"] == "note" and o.get("x_coalition_kind") == "retraction"
               for o in later)


@pytest.mark.parametrize("params", [
    {"limit": "0"}, {"limit": "many"}, {"added_after": "yesterday"},
    {"added_after": "2026-01-01T00:00:00"}, {"next": "not-a-token"},
    {"match[version]": "newest"}, {"match[type]": ","},
])
def test_malformed_parameters_are_400(shared: Node, client: httpx.Client,
                                      params: dict[str, str]) -> None:
    r = client.get(_objects_url(), headers=_h(shared, "ge-sss"), params=params)
    body = _taxii_json(r, 400)
    assert body["http_status"] == "400" and body["description"]


def test_add_objects_answers_a_status_resource(shared: Node, client: httpx.Client) -> None:
    h = _h(shared, "fr-dgsi", **{"Content-Type": MEDIA})
    identity = {"type": "identity", "spec_version": "2.1",
                "id": "identity--" + "1" * 8 + "-1111-4111-8111-" + "1" * 12,
                "created": "2026-11-24T09:00:00.000Z", "modified": "2026-11-24T09:00:00.000Z",
                "name": "An analyst's team", "identity_class": "organization"}
    r = client.post(_objects_url(), headers=h, content=orjson.dumps(
        {"objects": [identity, TLP.GREEN.marking_definition()]}))
    status = _taxii_json(r, 202)
    for key in ("id", "status", "total_count", "success_count", "failure_count",
                "pending_count"):
        assert key in status
    assert status["total_count"] == 2 and status["request_timestamp"].endswith("Z")
    again = _taxii_json(client.get(f"{ROOT}status/{status['id']}/", headers=h))
    assert again["id"] == status["id"] and again["status"] == "complete"
    # another member may not read fr-dgsi's status
    assert client.get(f"{ROOT}status/{status['id']}/",
                      headers=_h(shared, "de-bfv")).status_code == 404
    inbox = client.post(f"{ROOT}collections/inbox/objects/", headers=h,
                        content=b'{"objects": []}')
    assert _taxii_json(inbox, 403)["http_status"] == "403"


def test_a_collection_larger_than_one_window_is_served_whole(
        shared: Node, client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(taxii_server, "WINDOW", 2)  # items read at a time
    ids = _more_warnings(shared, 6)
    fr = user_of(shared, "fr-dgsi")
    shared.clock.advance(minutes=1)
    shared.service.retract(fr, ids[1], "Mistaken.")
    h = _h(shared, "ge-sss")
    expected = {o["id"] for o in interop.export_bundle(shared.service, user_of(shared,
                                                                               "ge-sss"))
                ["objects"]}
    for limit in ("3", "1000"):
        walked, params = [], {"limit": limit}
        while True:
            r = client.get(_objects_url(), headers=h, params=params)
            page = _taxii_json(r)
            walked.extend(page.get("objects", []))
            if not page["more"]:
                break
            params = {"limit": limit, "next": page["next"]}
        assert {o["id"] for o in walked} == expected
        assert len(walked) == len(expected)
    reports = [o for o in walked if o["type"] == "report"]
    assert [o["name"] for o in reports][-1] == "Follow-up 1"  # re-added when retracted
    last = next(o for o in reports if o["name"] == "Follow-up 5")
    one = client.get(f"{_objects_url()}{last['id']}/", headers=h)
    assert _taxii_json(one)["objects"] == [last]
    mark = one.headers["X-TAXII-Date-Added-Last"]
    after = _taxii_json(client.get(_objects_url(), headers=h, params={"added_after": mark}))
    assert {o["name"] for o in after["objects"] if o["type"] == "report"} == {"Follow-up 1"}
