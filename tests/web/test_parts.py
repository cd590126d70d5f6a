"""The web application's parts that need no server: session cookie, redirects, scripts, layout."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from coalition.errors import ForbiddenError
from coalition.monitor.network import build
from coalition.web.network_svg import layout
from coalition.web.render import safe_next
from coalition.web.scripts import script_label
from coalition.web.session import COOKIE, Session, SessionCodec, check_csrf
from coalition.web.throttle import FailedLogins

SECRET = "s" * 32


def _request(cookie: str | None = None) -> Request:
    headers = [(b"cookie", f"{COOKIE}={cookie}".encode())] if cookie else []
    return Request({"type": "http", "method": "GET", "path": "/ui/", "headers": headers,
                    "scheme": "http", "server": ("127.0.0.1", 80), "query_string": b""})


def _cookie_of(response: Response) -> str:
    header = response.headers["set-cookie"]
    assert "httponly" in header.lower() and "samesite=lax" in header.lower()
    return header.split(";")[0].split("=", 1)[1]


def test_session_round_trip_keeps_user_and_token() -> None:
    codec = SessionCodec(SECRET, path="/ui")
    session = Session()
    session.log_in("user-1", "ann")
    response = Response()
    codec.save(_request(), response, session)
    back = codec.load(_request(_cookie_of(response)))
    assert (back.user_id, back.username) == ("user-1", "ann")
    assert back.csrf == session.csrf and not back.changed


@pytest.mark.parametrize("forge", ["tampered", "other-secret", "garbage", "not-a-dict"])
def test_forged_cookies_give_a_fresh_anonymous_session(forge: str) -> None:
    codec = SessionCodec(SECRET)
    session = Session(user_id="admin-1", username="root")
    response = Response()
    codec.save(_request(), response, session)
    value = _cookie_of(response)
    if forge == "tampered":
        value = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    elif forge == "other-secret":
        value = URLSafeTimedSerializer("x" * 32, salt="coalition-web-session").dumps(
            {"csrf": "t", "uid": "admin-1", "user": "root"})
    elif forge == "garbage":
        value = "%%%not a cookie"
    else:
        value = URLSafeTimedSerializer(SECRET, salt="coalition-web-session").dumps(["admin-1"])
    back = codec.load(_request(value))
    assert back.user_id is None and back.changed and back.csrf != session.csrf


def test_logging_in_issues_a_new_csrf_token() -> None:
    session = Session()
    before = session.csrf
    session.log_in("u", "ann")
    assert session.csrf != before and session.changed


@pytest.mark.parametrize("submitted", [None, "", "wrong", 5])
def test_csrf_mismatch_is_refused(submitted: object) -> None:
    with pytest.raises(ForbiddenError, match="security token"):
        check_csrf(Session(csrf="right"), submitted)
    check_csrf(Session(csrf="right"), "right")


def test_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 16"):
        SessionCodec("short")


@pytest.mark.parametrize("target, expected", [
    ("/ui/entities/x", "/ui/entities/x"),
    ("/ui/screen?name=a", "/ui/screen?name=a"),
    ("https://elsewhere.example/ui/", "/ui/"),
    ("//elsewhere.example/ui/", "/ui/"),
    ("/ui/\\elsewhere", "/ui/"),
    ("/uix/", "/ui/"),
    ("/docs", "/ui/"),
    ("", "/ui/"),
    (None, "/ui/"),
])
def test_after_login_only_pages_of_the_application(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


@pytest.mark.parametrize("name, script", [
    ("Muhammad al-Jarbani", "Latin"), ("محمد عبد الله", "Arabic"), ("Руслан Алибеков", "Cyrillic"),
    ("金正恩", "Han"), ("Ψάρρος", "Greek"), ("12345", "—"),
])
def test_script_of_a_name(name: str, script: str) -> None:
    assert script_label(name) == script


def test_network_layout_keeps_the_busiest_nodes_and_their_edges() -> None:
    rows = [{"entity_id": e, "caption": e.upper(), "schema": "Person", "story_id": s}
            for s, ids in {"s1": "abc", "s2": "ab", "s3": "ad"}.items() for e in ids]
    points, lines = layout(build(rows), size=400, max_nodes=3)
    assert [p.id for p in points] == ["a", "b", "c"]  # d is in one story, as c; c sorts first
    assert {(line.source.id, line.target.id, line.weight) for line in lines} == {
        ("a", "b", 2), ("a", "c", 1), ("b", "c", 1)}
    assert all(0 <= p.x <= 400 and 0 <= p.y <= 400 for p in points)
    heavy = next(line for line in lines if line.weight == 2)
    assert heavy.width > max(line.width for line in lines if line.weight == 1)
    assert layout(build([])) == ([], [])


def test_failed_logins_hold_a_name_back_until_the_window_passes() -> None:
    now = [0.0]
    logins = FailedLogins(limit=3, window=60, clock=lambda: now[0])
    for t in (0, 10, 20):
        now[0] = t
        assert logins.blocked("ann") is None
        logins.failed("ann")
    assert logins.blocked("ann") == 40  # the first failure leaves the window at 60
    assert logins.blocked("bob") is None
    now[0] = 60
    assert logins.blocked("ann") is None
    logins.failed("ann")
    assert logins.blocked("ann") == 10
    logins.succeeded("ann")
    assert logins.blocked("ann") is None
