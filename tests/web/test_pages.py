"""Every page through httpx against the real server: roles, redirects, content, hostile input."""

from __future__ import annotations

import logging
import re

import httpx
import pytest

from coalition.accounts import Accounts
from tests.web.conftest import LISTED, PASSWORD, Site, csrf_of, login
from tests.web.pages import Outline

ANALYST_PAGES = ["/ui/joint", "/ui/joint/disagreements", "/ui/inbox", "/ui/lists",
                 "/ui/lists/ftm-web", "/ui/news", f"/ui/entities/{LISTED}",
                 "/ui/news/alerts", "/ui/news/candidates", f"/ui/news/entities/{LISTED}"]
ALL_PAGES = ["/ui/screen", "/ui/screen?name=al-Jarbani", *ANALYST_PAGES]


@pytest.mark.parametrize("path", [*ALL_PAGES, "/ui/inbox/w-anything"])
def test_anonymous_visitors_are_sent_to_the_login_page(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/ui/login?next=")
    assert "/ui/login" in client.get(r.headers["location"]).text


def test_login_wrong_password_then_right_one(client: httpx.Client) -> None:
    bad = login(client, "fr-analyst", "not the password")
    assert bad.status_code == 401 and "Unknown user name or wrong password" in bad.text
    good = login(client, "fr-analyst")
    assert good.status_code == 303 and good.headers["location"] == "/ui/"
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/ui" in cookie
    assert client.get("/ui/").headers["location"] == "/ui/screen"


def test_login_goes_back_to_the_page_asked_for_never_elsewhere(client: httpx.Client) -> None:
    first = client.get("/ui/lists")
    form = client.get(first.headers["location"])
    assert 'value="/ui/lists"' in form.text
    r = client.post("/ui/login", data={"username": "fr-analyst", "password": PASSWORD,
                                       "csrf_token": csrf_of(form.text), "next": "/ui/lists"})
    assert r.headers["location"] == "/ui/lists"
    client.cookies.clear()
    form = client.get("/ui/login?next=https://elsewhere.example/")
    r = client.post("/ui/login", data={"username": "fr-analyst", "password": PASSWORD,
                                       "csrf_token": csrf_of(form.text),
                                       "next": "//elsewhere.example/ui/"})
    assert r.headers["location"] == "/ui/"


def test_password_guessing_is_slowed_down(client: httpx.Client, site: Site) -> None:
    Accounts(site.store).add_user("guessed", "fr", "analyst", password=PASSWORD)
    for _ in range(10):
        assert login(client, "guessed", "guess").status_code == 401
    r = login(client, "Guessed", PASSWORD)  # the right password, too late
    assert r.status_code == 429 and "too many log-in attempts" in r.text
    assert 1 <= int(r.headers["retry-after"]) <= 300
    assert login(client, "fr-analyst").status_code == 303  # other users are not held up


def test_login_without_the_csrf_token_is_refused(client: httpx.Client) -> None:
    client.get("/ui/login")
    r = client.post("/ui/login", data={"username": "fr-analyst", "password": PASSWORD})
    assert r.status_code == 403 and "security token" in r.text
    assert client.get("/ui/screen").status_code == 303  # still not logged in


def test_forged_session_cookie_is_not_a_login(client: httpx.Client) -> None:
    client.cookies.set("coalition_session", "eyJ1aWQiOiJ4In0.forged.sig", path="/ui")
    assert client.get("/ui/inbox").status_code == 303


@pytest.mark.parametrize("path", ANALYST_PAGES)
def test_a_screener_sees_only_screening(client: httpx.Client, path: str,
                                        caplog: pytest.LogCaptureFixture) -> None:
    login(client, "fr-screener")
    with caplog.at_level(logging.WARNING, logger="coalition.web"):
        r = client.get(path)
    assert r.status_code == 403 and "Not allowed" in r.text and "screener" in r.text
    assert any("403" in rec.getMessage() and "fr-screener" in rec.getMessage()
               for rec in caplog.records)
    screen = client.get("/ui/screen?name=Muhammad+al-Jarbani")
    assert screen.status_code == 200 and "AL-JARBANI" in screen.text
    assert "/ui/entities/" not in screen.text and "/ui/inbox" not in screen.text


def test_screening_shows_ranked_hits_with_explanations(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    r = client.get("/ui/screen", params={"name": "Mohamed Abdalla Saleh al-Garbani",
                                         "birth_date": "1971-03-14", "country": "ly",
                                         "schema": "Person"})
    assert r.status_code == 200
    hits = re.findall(r'<span class="score" aria-label="score">([0-9.]+)</span>', r.text)
    assert hits and hits == sorted(hits, reverse=True)
    first, second = r.text.split('<li class="hit')[1:3]
    # the UN and OFAC records of him are one hit (linked on import), the next another person
    assert "AL-JARBANI" in first and "AL-JARBANI" not in second
    assert ">Match<" in first and ">Match<" not in second
    assert "us-ofac-sdn" in first and "un-sc" in first
    assert f"/ui/entities/{LISTED}" in first + second
    assert "name match" in first and "dob match" in first  # per-feature explanations


def test_screening_against_a_view_of_the_joint_list_names_objections(
        client: httpx.Client) -> None:
    login(client, "fr-analyst")
    r = client.get("/ui/screen", params={"name": "Muhammad Abdallah al-Jarbani",
                                         "dataset": "view:any"})
    assert r.status_code == 200 and "objected to by fr" in r.text


@pytest.mark.parametrize("params, message", [
    ({"name": "al-Jarbani", "birth_date": "someday"}, "unreadable date of birth"),
    ({"name": "al-Jarbani", "country": "Atlantis"}, "unknown country"),
    ({"name": "al-Jarbani", "schema": "Sanction"}, "is not screened"),
    ({"name": "al-Jarbani", "dataset": "no-such-list"}, "no dataset"),
    ({"name": "x\u0000y"}, "control character"),
])
def test_bad_screening_input_says_what_is_wrong(client: httpx.Client, params: dict[str, str],
                                               message: str) -> None:
    login(client, "fr-screener")
    r = client.get("/ui/screen", params=params)
    assert r.status_code == 400 and message in r.text and 'role="alert"' in r.text


def test_hostile_text_is_escaped(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    r = client.get("/ui/screen", params={"name": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_dossier(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    r = client.get(f"/ui/entities/{LISTED}")
    assert r.status_code == 200
    text = r.text
    assert "محمد عبد الله صالح الجرباني" in text and "<td>Arabic</td>" in text
    assert "LY0483261" in text  # passport number among the identifiers
    assert "un-sc:XQi.001" in text and 'href="/ui/lists/un-sc"' in text
    positions = text.split('id="positions-h"')[1]
    assert "objects" in positions and "listed" in positions and "(fr)" in positions
    assert "no evidence shared with France" in positions
    assert "Passport" in text.split('id="related-h"')[1]
    assert client.get("/ui/entities/un-sc:XQi.001").status_code == 200  # by reference too


@pytest.mark.parametrize("path", ["/ui/entities/no-such-entity", "/ui/no-such-page"])
def test_missing_pages_are_404_pages(client: httpx.Client, path: str) -> None:
    login(client, "fr-analyst")
    r = client.get(path)
    assert r.status_code == 404 and "Not found" in r.text and "<main" in r.text


def test_agreement_matrix_and_disagreements(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    matrix = client.get("/ui/joint")
    assert matrix.status_code == 200
    assert '<th scope="col" title="UN Security Council">unsc</th>' in matrix.text
    assert "MUHAMMAD ABDALLAH SALIH AL-JARBANI" in matrix.text
    disagreements = client.get("/ui/joint/disagreements")
    assert "1 entity listed by some members and objected to by others" in disagreements.text
    assert f"/ui/entities/{LISTED}" in disagreements.text
    before = client.get("/ui/joint/disagreements?as_of=2019-06-01")
    assert "0 entities" in before.text  # France's objection takes effect in 2020
    assert client.get("/ui/joint?as_of=2019-13-45").status_code == 400


def test_lists_and_what_changed_between_editions(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    lists = client.get("/ui/lists")
    assert "Web test list" in lists.text and "un-sc" in lists.text
    r = client.get("/ui/lists/ftm-web")
    assert "From 2026-01-01 to 2026-02-01: 1 added, 1 changed, 1 removed." in r.text
    added, rest = r.text.split("<h3>Added</h3>")[1].split("<h3>Changed</h3>")
    changed, removed = rest.split("<h3>Removed</h3>")
    assert "Charlie Added" in added and "Alpha Kept" in changed and "Bravo Removed" in removed
    assert client.get("/ui/lists/no-such-list").status_code == 404


def test_news_stories_and_network(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    r = client.get("/ui/news")
    assert r.status_code == 200
    assert "Fezzan raid" in r.text and "Supply routes" in r.text
    svg = r.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") >= 2 and "<line" in svg


def test_inbox_shows_only_what_the_member_may_read(client: httpx.Client, site: Site) -> None:
    login(client, "fr-analyst")
    inbox = client.get("/ui/inbox").text
    assert "Convoy expected near Sabha" in inbox and "Whereabouts of al-Jarbani" in inbox
    assert "Italian eyes only" not in inbox and site.items["secret"] not in inbox
    hidden = client.get(f"/ui/inbox/{site.items['secret']}")
    assert hidden.status_code == 404 and "Italian eyes only" not in hidden.text
    warnings = client.get("/ui/inbox?kind=warning").text
    assert "Convoy expected" in warnings and "Whereabouts" not in warnings
    client.cookies.clear()
    login(client, "it-analyst")
    assert "Italian eyes only" in client.get("/ui/inbox").text


def test_acknowledge_a_warning(client: httpx.Client, site: Site) -> None:
    item = site.warn("Acknowledge me", ["fr"])
    login(client, "fr-analyst")
    page = client.get(f"/ui/inbox/{item}")
    assert "Acknowledge this warning" in page.text
    refused = client.post(f"/ui/inbox/{item}/acknowledge", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert "Acknowledge this warning" in client.get(f"/ui/inbox/{item}").text
    r = client.post(f"/ui/inbox/{item}/acknowledge", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == f"/ui/inbox/{item}"
    after = client.get(f"/ui/inbox/{item}").text
    assert "Acknowledged." in after and "Acknowledge this warning" not in after
    states = site.exchange.recipients_of(site.desk, item)
    assert states[0]["member"] == "fr" and states[0]["state"] == "acknowledged"


def test_another_members_analyst_cannot_acknowledge(client: httpx.Client, site: Site) -> None:
    item = site.warn("For France only", ["fr"])
    login(client, "it-analyst")
    token = csrf_of(client.get("/ui/inbox").text)
    r = client.post(f"/ui/inbox/{item}/acknowledge", data={"csrf_token": token})
    assert r.status_code == 404
    assert site.exchange.recipients_of(site.desk, item)[0]["state"] != "acknowledged"


def test_reply_to_a_request(client: httpx.Client, site: Site) -> None:
    item = site.ask("Reply to me", ["fr"])
    login(client, "fr-analyst")
    page = client.get(f"/ui/inbox/{item}")
    assert 'for="reply-text-2"' in page.text
    r = client.post(f"/ui/inbox/{item}/reply", data={
        "csrf_token": csrf_of(page.text), "question": "2", "status": "negative", "text": ""})
    assert r.status_code == 303
    bad = client.post(f"/ui/inbox/{item}/reply", data={
        "csrf_token": csrf_of(page.text), "question": "9", "status": "answer", "text": "x"})
    assert bad.status_code == 400 and "question 9 does not exist" in bad.text
    wrong = client.post(f"/ui/inbox/{item}/reply", data={
        "csrf_token": csrf_of(page.text), "question": "1", "status": "maybe", "text": "x"})
    assert wrong.status_code == 400
    view = site.exchange.get(site.desk, item)
    assert [(r["member"], r["question"], r["status"]) for r in view.extra["replies"]] == [
        ("fr", 2, "negative")]


def test_logout_ends_the_session(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    page = client.get("/ui/screen")
    assert client.post("/ui/logout", data={}).status_code == 403
    r = client.post("/ui/logout", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303 and "coalition_session=" in r.headers["set-cookie"]
    assert client.get("/ui/screen").status_code == 303


def test_disabling_a_user_ends_its_session(client: httpx.Client, site: Site) -> None:
    accounts = Accounts(site.store)
    accounts.add_user("short-lived", "fr", "analyst", password=PASSWORD)
    login(client, "short-lived")
    assert client.get("/ui/inbox").status_code == 200
    accounts.set_disabled("short-lived")
    assert client.get("/ui/inbox").status_code == 303


@pytest.mark.parametrize("path", ["/ui/login", *ALL_PAGES, "/ui/inbox/{request}",
                                  "/ui/inbox/{warning}", "/ui/news/stories/{story}"])
def test_every_control_is_labelled_and_every_asset_is_local(client: httpx.Client, site: Site,
                                                            path: str) -> None:
    if path != "/ui/login":
        login(client, "fr-admin")
    r = client.get(path.format(**site.items))
    assert r.status_code == 200
    outline = Outline(r.text)
    assert not outline.unlabelled(), f"controls without a label on {path}"
    assert {"main", "header", "footer"} <= outline.tags
    outside = [ref for ref in outline.references if re.match(r"^(https?:)?//", ref)]
    assert not outside, f"{path} refers outside the application: {outside}"


def test_static_assets_are_served_by_name_only(client: httpx.Client) -> None:
    css = client.get("/ui/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ":focus-visible" in css.text and "url(" not in css.text  # no fonts from outside
    assert client.get("/ui/static/app.js").status_code == 200
    for bad in ("../app.py", "..%2Frouter.py", "templates", "app.css.bak"):
        assert client.get(f"/ui/static/{bad}").status_code == 404
