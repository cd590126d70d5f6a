"""The exchange over HTTP: warnings and requests between members, the recipient's poll, the
live stream (Server-Sent Events over a real server on 127.0.0.1, resumed with Last-Event-ID),
STIX in and out, TAXII mounted; a caller acts only for its own member, reads only what the
access policy allows, and bad input is refused with 4xx and stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
import stix2

from coalition.accounts import Accounts
from coalition.exchange.taxii_query import MEDIA
from coalition.ledger import KeyStore, Ledger
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.conftest import make_app
from tests.api.test_errors import assert_error
from tests.exchange.conftest import serve

WARNING = {"title": "Explosives moved towards the venue", "text": "Two persons seen.",
           "severity": "high", "tlp": "AMBER", "recipients": ["de"],
           "subjects": [{"name": "Ivan Example", "schema": "Person"}]}


@pytest.fixture
def people(api_store: Store, home: Path, tokens: dict[str, str]) -> dict[str, str]:
    """The api fixture's tokens plus an analyst of a third member, `ge`."""
    Ledger(api_store, KeyStore(home / "keys")).add_member("ge", "Georgia, State Security "
                                                          "Service", country="ge",
                                                          kind="security-service")
    accounts = Accounts(api_store)
    accounts.add_user("ge-analyst", "ge", "analyst")
    return {**tokens, "ge-analyst": accounts.issue_token("ge-analyst").token}


def _warn(api: ApiClient, token: str, **changes: object) -> str:
    r = api.post("/exchange/warnings", token=token, json={**WARNING, **changes})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_warning_from_issue_to_retraction(api: ApiClient, people: dict[str, str]) -> None:
    fr, de, ge = people["analyst"], people["de-analyst"], people["ge-analyst"]
    item = _warn(api, fr)
    listed = api.get("/exchange/warnings", token=de).json()["results"]
    assert [w["id"] for w in listed] == [item] and listed[0]["originator"] == "fr"
    assert listed[0]["state"] == "pending"
    got = api.get(f"/exchange/items/{item}", token=de).json()
    assert got["title"] == WARNING["title"] and got["state"] == "read"
    assert got["payload"]["subjects"] == [{"name": "Ivan Example", "schema": "Person"}]
    assert api.post(f"/exchange/items/{item}/acknowledge", token=de).json()["state"] == \
        "acknowledged"
    states = api.get(f"/exchange/items/{item}/recipients", token=fr).json()
    assert [(s["member"], s["state"]) for s in states] == [("de", "acknowledged")]
    # ge is no recipient: the item does not exist for it
    assert api.get("/exchange/warnings", token=ge).json()["results"] == []
    assert_error(api.get(f"/exchange/items/{item}", token=ge), 404, "not_found")
    assert api.get("/exchange/poll", token=ge).json()["messages"] == []
    # only the originator retracts; the recipient is told
    assert_error(api.post(f"/exchange/items/{item}/retract", token=de,
                          json={"reason": "no"}), 403, "forbidden")
    assert api.post(f"/exchange/items/{item}/retract", token=fr,
                    json={"reason": "The source was wrong."}).json()["retracted"] is True
    events = [m["event"] for m in api.get("/exchange/poll", token=de).json()["messages"]]
    assert events == ["warning", "retraction"]


def test_request_replies_per_question_and_close(api: ApiClient,
                                                people: dict[str, str]) -> None:
    fr, de = people["analyst"], people["de-analyst"]
    r = api.post("/exchange/requests", token=fr, json={
        "title": "Who rented the van?", "questions": ["Name of the renter?", "Payment?"],
        "due": "2030-01-31", "tlp": "GREEN", "recipients": ["de", "ge"]})
    assert r.status_code == 201, r.text
    req = r.json()["id"]
    for question, status, text in ((1, "answer", "A. Example"), (2, "negative", "")):
        reply = api.post(f"/exchange/requests/{req}/replies", token=de,
                         json={"question": question, "status": status, "text": text})
        assert reply.status_code == 201, reply.text
    seen = api.get(f"/exchange/items/{req}", token=fr).json()
    assert seen["request_state"] == "answered"
    assert [(x["question"], x["status"]) for x in seen["replies"]] == [(1, "answer"),
                                                                       (2, "negative")]
    assert_error(api.post(f"/exchange/requests/{req}/replies", token=de,
                          json={"question": 3, "status": "answer", "text": "x"}),
                 400, "bad_request")
    assert_error(api.post(f"/exchange/requests/{req}/close", token=de), 403, "forbidden")
    assert api.post(f"/exchange/requests/{req}/close", token=fr).json()["closed"] is True
    assert_error(api.post(f"/exchange/requests/{req}/replies", token=de,
                          json={"question": 1, "status": "partial", "text": "more"}),
                 409, "conflict")
    assert api.get("/exchange/requests", token=fr).json()["results"][0]["request_state"] == \
        "closed"


def test_poll_with_a_cursor(api: ApiClient, people: dict[str, str]) -> None:
    fr, de = people["analyst"], people["de-analyst"]
    ids = [_warn(api, fr, title=f"Warning {i}") for i in range(3)]
    first = api.get("/exchange/poll", token=de, params={"limit": 2}).json()
    assert [m["item"]["id"] for m in first["messages"]] == ids[:2]
    rest = api.get("/exchange/poll", token=de, params={"cursor": first["cursor"]}).json()
    assert [m["item"]["id"] for m in rest["messages"]] == ids[2:]
    after = api.get("/exchange/poll", token=de, params={"cursor": rest["cursor"]}).json()
    assert after == {"messages": [], "cursor": rest["cursor"]}


def test_a_caller_acts_only_for_its_own_member(api: ApiClient, people: dict[str, str],
                                               api_store: Store) -> None:
    fr, de, screener = people["analyst"], people["de-analyst"], people["screener"]
    assert_error(api.post("/exchange/warnings", token=fr,
                          json={**WARNING, "originator": "de"}), 422, "invalid_request")
    assert_error(api.post("/exchange/warnings", token=screener, json=WARNING), 403,
                 "forbidden")
    assert_error(api.get("/exchange/warnings"), 401, "unauthorized")
    item = _warn(api, fr)
    # de's acknowledgement is de's, whatever it asks
    api.post(f"/exchange/items/{item}/acknowledge", token=de)
    [state] = api.get(f"/exchange/items/{item}/recipients", token=fr).json()
    assert state["member"] == "de" and state["state"] == "acknowledged"
    assert_error(api.get(f"/exchange/items/{item}/recipients", token=de), 404, "not_found")
    # a group of fr's: only fr adds to it
    assert api.post("/exchange/groups", token=fr, json={
        "id": "sochi", "name": "Olympics", "members": ["de"]}).status_code == 201
    assert_error(api.post("/exchange/groups/sochi/members", token=de,
                          json={"members": ["ge"]}), 403, "forbidden")
    audit = api.get("/exchange/audit", token=de).json()
    assert audit and all(e["actor_member"] == "de" or e["item_id"] == item for e in audit)


@pytest.mark.parametrize(("changes", "status", "kind"), [
    ({"recipients": ["xx"]}, 404, "not_found"),
    ({"tlp": "PURPLE"}, 422, "invalid_request"),
    ({"title": "x" * 501}, 422, "invalid_request"),
    ({"tlp": "RED"}, 400, "bad_request"),
    ({"recipients": []}, 400, "bad_request"),
    ({"group": "nobody"}, 404, "not_found"),
    ({"attachments": ["not-a-hash"]}, 400, "bad_request"),
    ({"valid_until": "next week"}, 400, "bad_request"),
])
def test_bad_warnings_are_refused_and_store_nothing(api: ApiClient, people: dict[str, str],
                                                    changes: dict[str, object], status: int,
                                                    kind: str) -> None:
    fr = people["analyst"]
    assert_error(api.post("/exchange/warnings", token=fr, json={**WARNING, **changes}),
                 status, kind)
    assert api.get("/exchange/warnings", token=fr).json()["results"] == []


def test_stix_out_and_in(api: ApiClient, people: dict[str, str]) -> None:
    fr, de = people["analyst"], people["de-analyst"]
    _warn(api, fr)
    r = api.get("/exchange/stix", token=de)
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/stix+json")
    bundle = stix2.parse(r.content, allow_custom=True)
    assert {o.type for o in bundle.objects} >= {"report", "identity", "marking-definition"}
    # de may not import fr's report as its own; a broken bundle stores nothing
    assert_error(api.post("/exchange/stix", token=de, content=r.content), 403, "forbidden")
    broken = orjson.loads(r.content)
    broken["objects"].append({"type": "report", "id": "report--x"})
    assert_error(api.post("/exchange/stix", token=fr, content=orjson.dumps(broken)), 422,
                 "invalid_request")
    assert len(api.get("/exchange/warnings", token=fr).json()["results"]) == 1


def test_stix_export_pages(api: ApiClient, people: dict[str, str]) -> None:
    fr, de = people["analyst"], people["de-analyst"]
    first, second = _warn(api, fr, title="First"), _warn(api, fr, title="Second")
    r = api.get("/exchange/stix", token=de, params={"limit": 1})
    assert r.status_code == 200 and r.headers["x-item-count"] == "1"
    names = [o["name"] for o in r.json()["objects"] if o["type"] == "report"]
    r = api.get("/exchange/stix", token=de, params={"limit": 1,
                                                   "cursor": r.headers["x-next-cursor"]})
    assert r.headers["x-item-count"] == "1" and "x-next-cursor" not in r.headers
    names += [o["name"] for o in r.json()["objects"] if o["type"] == "report"]
    assert names == ["First", "Second"] and first != second
    assert_error(api.get("/exchange/stix", token=de, params={"cursor": "eHh4"}), 400,
                 "bad_request")


def test_taxii_is_mounted_with_api_tokens(api: ApiClient, people: dict[str, str]) -> None:
    fr, de, ge = people["analyst"], people["de-analyst"], people["ge-analyst"]
    _warn(api, fr)
    h = {"Accept": MEDIA}
    d = api.get("/taxii2/", token=de, headers=h)
    assert d.status_code == 200 and d.headers["content-type"] == MEDIA
    assert d.json()["default"].endswith("/taxii2/exchange/")
    root = api.get("/taxii2/exchange/", token=de, headers=h).json()
    assert root["max_content_length"] == 1024 * 1024  # the app's body limit
    url = "/taxii2/exchange/collections/inbox/objects/"
    names = {o.get("name") for o in api.get(url, token=de, headers=h).json()["objects"]}
    assert WARNING["title"] in names
    assert "objects" not in api.get(url, token=ge, headers=h).json()
    basic = api.get(url, headers={**h, "Authorization": "Basic " + __import__("base64")
                                  .b64encode(f"de-analyst:{de}".encode()).decode()})
    assert basic.status_code == 200
    assert api.get(url, token=people["screener"], headers=h).status_code == 403
    assert api.get(url, headers={**h, "Authorization": "Basic "
                                 + __import__("base64").b64encode(
                                     f"ge-analyst:{de}".encode()).decode()}
                   ).status_code == 401


# -- the live stream over a real server -------------------------------------------------------

@pytest.fixture
def live(api_store: Store, home: Path, people: dict[str, str]) -> Iterator[str]:
    with serve(make_app(api_store, home)) as url:
        yield url


def _events(lines: Iterator[str], count: int) -> list[dict[str, str]]:
    """The next `count` events of a text/event-stream response's lines."""
    out: list[dict[str, str]] = []
    event: dict[str, str] = {}
    for line in lines:
        if line.startswith(":"):
            continue
        if line == "":
            if "data" in event:
                out.append(event)
                if len(out) == count:
                    return out
            event = {}
            continue
        key, _, value = line.partition(": ")
        event[key] = value
    raise AssertionError(f"the stream ended after {len(out)} events")


def test_sse_stream_is_live_and_resumes_after_last_event_id(
        live: str, people: dict[str, str]) -> None:
    fr, de = people["analyst"], people["de-analyst"]
    auth = {"Authorization": f"Bearer {de}"}
    with httpx.Client(base_url=live, timeout=30) as client:
        issue = {"Authorization": f"Bearer {fr}"}
        first = client.post("/exchange/warnings", headers=issue, json=WARNING).json()["id"]
        with client.stream("GET", "/exchange/stream", headers=auth) as r:
            assert r.status_code == 200
            assert r.headers["content-type"].startswith("text/event-stream")
            lines = r.iter_lines()
            [e1] = _events(lines, 1)  # what was already there
            assert e1["event"] == "warning"
            assert orjson.loads(e1["data"])["item"]["id"] == first
            second = client.post("/exchange/warnings", headers=issue,
                                 json={**WARNING, "title": "Second"}).json()["id"]
            [e2] = _events(lines, 1)  # arrives while the stream is open
            assert orjson.loads(e2["data"])["item"]["id"] == second
        third = client.post("/exchange/warnings", headers=issue,
                            json={**WARNING, "title": "Third"}).json()["id"]
        with client.stream("GET", "/exchange/stream",
                           headers={**auth, "Last-Event-ID": e2["id"]}) as r:
            [e3] = _events(r.iter_lines(), 1)
            assert orjson.loads(e3["data"])["item"]["id"] == third
            assert int(e3["id"]) > int(e2["id"]) > int(e1["id"])
        ge = {"Authorization": f"Bearer {people['ge-analyst']}"}
        bad = client.get("/exchange/stream", headers={**ge, "Last-Event-ID": "abc"})
        assert bad.status_code == 400
