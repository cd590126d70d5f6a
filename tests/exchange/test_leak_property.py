"""The leak property: for random members, groups, TLP levels, items and users, no read path of
the service or of the TAXII router ever shows a user an item that the distribution rule denies.

The expected visibility is computed here from the generated scenario, independently of
`policy.allowed`; every path must show exactly that (no leak, and nothing wrongly hidden).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalition.accounts import Accounts
from coalition.exchange import Principal, RequestDraft, WarningDraft, interop
from coalition.exchange.taxii_server import MEDIA, taxii_router
from tests.api.client import ApiClient
from tests.api.conftest import make_app
from tests.conftest import pg_schema

from .conftest import make_node

MEMBERS = ["m0", "m1", "m2", "m3"]
LEVELS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]


@dataclass
class Spec:
    originator: int  # index of the issuing user
    tlp: str
    recipients: list[str]
    group: str | None
    named: list[int]  # indexes of users named (RED)
    kind: str


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    users = draw(st.lists(st.sampled_from(MEMBERS), min_size=2, max_size=6))
    groups = draw(st.lists(st.lists(st.sampled_from(MEMBERS), min_size=1, max_size=4,
                                    unique=True), max_size=2))
    specs = []
    for _ in range(draw(st.integers(1, 6))):
        originator = draw(st.integers(0, len(users) - 1))
        tlp = draw(st.sampled_from(LEVELS))
        group = None
        if groups and draw(st.booleans()):
            group = f"g{draw(st.integers(0, len(groups) - 1))}"
        recipients = draw(st.lists(st.sampled_from(MEMBERS), max_size=3, unique=True))
        named = draw(st.lists(st.integers(0, len(users) - 1), max_size=3, unique=True))
        specs.append(Spec(originator, tlp, recipients, group, named,
                          draw(st.sampled_from(["warning", "request"]))))
    consents = draw(st.lists(st.tuples(st.integers(0, 5), st.integers(0, len(users) - 1),
                                       st.sampled_from(MEMBERS), st.booleans()), max_size=3))
    return {"users": users, "groups": groups, "items": specs, "consents": consents}


def _taxii_seen(service: Any, token: str) -> set[str]:
    """Titles of every report and note a user gets from every collection over TAXII."""
    app = FastAPI()
    app.include_router(taxii_router(service))

    async def crawl() -> set[str]:
        seen: set[str] = set()
        transport = httpx.ASGITransport(app=app)
        headers = {"Accept": MEDIA, "Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(transport=transport, base_url="http://node") as client:
            cols = (await client.get("/exchange/collections/", headers=headers)).json()
            for col in cols["collections"]:
                url = f"/exchange/collections/{col['id']}/objects/"
                params: dict[str, Any] = {"limit": 5}
                while True:
                    page = (await client.get(url, headers=headers, params=params)).json()
                    for o in page.get("objects", []):
                        if o["type"] in ("report", "note"):
                            seen.add(o.get("name") or o.get("abstract", ""))
                    if not page["more"]:
                        break
                    params["next"] = page["next"]
        return seen
    return asyncio.run(crawl())


QUIET = 0.3  # seconds without a new event, once poll's are all in, before a stream is left
LONGEST = 10.0  # seconds a stream is read at most


def _streamed(service: Any, user: Principal, polled: set[str]) -> set[str]:
    """Titles the live stream (the service's) sends a user from the start, read until poll's
    have all come and then nothing more for QUIET seconds (all events exist already, so the
    first batch holds every one, any leaked message included)."""
    async def read() -> set[str]:
        seen: set[str] = set()
        source = service.stream(user, 0, interval=0.05)
        began = asyncio.get_running_loop().time()
        try:
            while True:
                left = LONGEST - (asyncio.get_running_loop().time() - began)
                wait = min(QUIET, left) if seen >= polled else left
                try:
                    message = await asyncio.wait_for(anext(source), timeout=max(wait, 0.01))
                except TimeoutError:
                    return seen
                seen.add(message["item"]["title"])
        finally:
            await source.aclose()
    return asyncio.run(read())


async def _sse_titles(app: FastAPI, token: str, polled: set[str]) -> set[str]:
    """Titles the HTTP API's live stream (GET /exchange/stream, Server-Sent Events) sends,
    read through the ASGI interface until poll's have all come and QUIET seconds pass with
    nothing more; then the client disconnects, which ends the stream."""
    loop = asyncio.get_running_loop()
    body = bytearray()
    status: list[int] = []
    got_more = asyncio.Event()
    gone = asyncio.Event()

    async def receive() -> dict[str, Any]:
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            got_more.set()

    def titles() -> set[str]:
        return {orjson.loads(line[6:])["item"]["title"]
                for line in body.decode().split("\n") if line.startswith("data: ")}

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": "/exchange/stream",
             "raw_path": b"/exchange/stream", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"accept", b"text/event-stream"),
                         (b"authorization", f"Bearer {token}".encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    task = asyncio.create_task(app(scope, receive, send))
    began = loop.time()
    try:
        while not task.done():
            left = LONGEST - (loop.time() - began)
            wait = min(QUIET, left) if titles() >= polled else left
            got_more.clear()
            try:
                await asyncio.wait_for(got_more.wait(), timeout=max(wait, 0.01))
            except TimeoutError:
                break
    finally:
        gone.set()
        await asyncio.wait_for(task, timeout=LONGEST)
    assert status == [200], bytes(body)
    return titles()


def _http_check(node: Any, token: str, titles: dict[str, str], may: set[str]) -> None:
    """Every reading endpoint of the exchange's HTTP API (and its mounted TAXII server) shows
    this user exactly the items it may read. The live stream sends poll's messages."""
    api = ApiClient(make_app(node.store, node.ledger.keys.folder.parent, preload_index=False),
                    token)
    try:
        def ok(r: httpx.Response) -> Any:
            assert r.status_code == 200, r.text
            return r.json()
        listed = {v["title"] for kind in ("warnings", "requests")
                  for v in ok(api.get(f"/exchange/{kind}", params={"limit": 1000}))["results"]}
        assert listed == may
        found = {v["title"] for kind in ("warnings", "requests") for v in ok(api.get(
            f"/exchange/{kind}", params={"q": "secret", "limit": 1000}))["results"]}
        assert found == may
        got = set()
        for item_id in titles:
            r = api.get(f"/exchange/items/{item_id}")
            assert r.status_code in (200, 404), r.text
            if r.status_code == 200:
                got.add(r.json()["title"])
        assert got == may
        polled = {m["item"]["title"]
                  for m in ok(api.get("/exchange/poll", params={"limit": 1000}))["messages"]}
        assert polled <= may
        streamed = api.portal.call(_sse_titles, api.app, token, polled)
        assert streamed == polled  # the live stream: poll's messages, nothing the policy denies
        for e in ok(api.get("/exchange/audit", params={"limit": 1000})):
            if e["item_id"]:
                assert titles[e["item_id"]] in may
        bundle = api.get("/exchange/stix").content
        for title in set(titles.values()) - may:
            assert title.encode() not in bundle
        h = {"Accept": MEDIA}
        seen = set()
        for col in ok(api.get("/taxii2/exchange/collections/", headers=h))["collections"]:
            objects = ok(api.get(f"/taxii2/exchange/collections/{col['id']}/objects/",
                                 headers=h, params={"limit": 1000})).get("objects", [])
            seen |= {o.get("name") or o.get("abstract", "") for o in objects
                     if o["type"] in ("report", "note")}
        assert {t for t in seen if t.startswith("item-")} == may
    finally:
        api.close()


def check(scenario: dict[str, Any], url: str, tmp: Path, http: bool = False) -> None:
    """Issue the scenario's items and check every read path; with `http`, the users are
    accounts of the HTTP API and every endpoint of coalition/api/routers/exchange.py that
    reads is checked as well."""
    node = make_node(url, tmp)
    try:
        for m in MEMBERS:
            node.signer.add(m)
            node.ledger.add_member(m, f"Member {m}", kind="security-service",
                                   public_key=node.signer.add(m))
        api_tokens: dict[str, str] = {}
        if http:
            accounts = Accounts(node.store)
            users = []
            for i, m in enumerate(scenario["users"]):
                account = accounts.add_user(f"user{i}", m, "analyst")
                users.append(node.service.account(account.id, m, account.username))
                api_tokens[account.id] = accounts.issue_token(account.username).token
        else:
            users = [node.user(m, f"user {i}") for i, m in enumerate(scenario["users"])]
        for gi, members in enumerate(scenario["groups"]):
            node.service.create_group(Principal(members[0], None), f"g{gi}", f"Group {gi}",
                                      members)
        group_members = {f"g{gi}": set(ms) for gi, ms in enumerate(scenario["groups"])}
        expected: dict[str, set[str]] = {}  # title -> user ids that may read it
        audience_of: dict[str, set[str]] = {}
        issued: list[tuple[str, str, Spec]] = []
        for n, spec in enumerate(scenario["items"]):
            author = users[spec.originator]
            title = f"item-{n}-secret"
            audience = set(spec.recipients)
            if spec.group and author.member in group_members[spec.group]:
                audience |= group_members[spec.group]
            audience.discard(author.member)
            named = [users[i].user for i in spec.named if users[i].member in audience]
            kwargs = dict(tlp=spec.tlp, recipients=spec.recipients,
                          group=spec.group if spec.group and author.member in
                          group_members[spec.group] else None,
                          named_users=named if spec.tlp == "RED" else [])
            try:
                if spec.kind == "warning":
                    item_id = node.service.warn(author, WarningDraft(title=title, text="body",
                                                                     **kwargs))
                else:
                    item_id = node.service.request(author, RequestDraft(
                        title=title, questions=["q"], **kwargs))
            except Exception as exc:  # refused drafts must be refusals, and store nothing
                assert getattr(exc, "status", 500) < 500, exc
                continue
            audience_of[item_id] = audience
            issued.append((item_id, title, spec))
        for idx, asker, third, grant in scenario["consents"]:
            if idx >= len(issued):
                continue
            item_id, _, spec = issued[idx]
            try:
                cid = node.service.ask_consent(users[asker], item_id, third)
                node.service.decide_consent(users[spec.originator], cid, grant)
            except Exception as exc:
                assert getattr(exc, "status", 500) < 500, exc
                continue
            if grant:
                audience_of[item_id].add(third)
        for item_id, title, spec in issued:
            author = users[spec.originator]
            named = {users[i].user for i in spec.named
                     if users[i].member in audience_of[item_id]} if spec.tlp == "RED" else set()
            expected[title] = {
                u.user for u in users  # type: ignore[misc]
                if spec.tlp == "CLEAR"
                or (spec.tlp == "RED" and (u.user == author.user or u.user in named))
                or (spec.tlp != "RED" and (u.member == author.member
                                           or u.member in audience_of[item_id]))}
        titles = {item_id: title for item_id, title, _ in issued}
        for u in users:
            may = {t for t, readers in expected.items() if u.user in readers}
            svc = node.service
            assert {v.title for v in svc.list_items(u)} == may
            assert {v.title for v in svc.search(u, "secret")} == may
            got = set()
            for item_id in titles:
                try:
                    got.add(svc.get(u, item_id).title)
                except Exception as exc:
                    assert getattr(exc, "status", 0) == 404
            assert got == may
            polled = {e["item"]["title"] for e in svc.poll(u, 0, 1000)[0]}
            assert polled <= may
            assert _streamed(svc, u, polled) == polled  # the live stream sends poll's messages
            for e in svc.audit_entries(u, 0, 10_000):
                if e.item_id:
                    assert titles[e.item_id] in may
            bundle = orjson.dumps(interop.export_bundle(svc, u))
            for title in set(titles.values()) - may:
                assert title.encode() not in bundle
            if http:
                _http_check(node, api_tokens[u.user or ""], titles, may)
            else:
                seen = _taxii_seen(svc, node.tokens[u.user])  # type: ignore[index]
                assert {t for t in seen if t.startswith("item-")} == may
        with node.store.engine.connect() as conn:  # webhook bodies: a member's endpoint
            for m in MEMBERS:
                bodies = svc.notification_bodies(conn, m, titles)
                for item_id, body in bodies.items():
                    spec = next(s for i, _, s in issued if i == item_id)
                    ok = spec.tlp == "CLEAR" or (spec.tlp != "RED" and (
                        m == users[spec.originator].member or m in audience_of[item_id]))
                    assert (body is not None) == ok
    finally:
        node.store.close()


def _in_fresh_database(kind: str, scenario: dict[str, Any], http: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "sqlite":
            check(scenario, f"sqlite:///{Path(tmp) / 'leak.db'}", Path(tmp), http)
        else:
            with pg_schema() as url:
                check(scenario, url, Path(tmp), http)


def _examples(name: str, default: int) -> Any:
    return settings(max_examples=int(os.environ.get(name, str(default))), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@_examples("LEAK_EXAMPLES", 30)
@given(scenarios())
def test_no_read_path_leaks_sqlite(scenario: dict[str, Any]) -> None:
    _in_fresh_database("sqlite", scenario)


@pytest.mark.postgres
@_examples("LEAK_EXAMPLES_PG", 10)
@given(scenarios())
def test_no_read_path_leaks_postgres(scenario: dict[str, Any]) -> None:
    _in_fresh_database("postgres", scenario)


@_examples("LEAK_EXAMPLES_HTTP", 15)
@given(scenarios())
def test_no_http_endpoint_leaks_sqlite(scenario: dict[str, Any]) -> None:
    _in_fresh_database("sqlite", scenario, http=True)


@pytest.mark.postgres
@_examples("LEAK_EXAMPLES_HTTP_PG", 5)
@given(scenarios())
def test_no_http_endpoint_leaks_postgres(scenario: dict[str, Any]) -> None:
    _in_fresh_database("postgres", scenario, http=True)
