"""The main flows in a real browser: Debian's Chromium driven by Playwright (never a browser
Playwright downloads). Each page visited is saved as a screenshot in test-artifacts/web/.

`make test` installs Chromium first (scripts/ensure-chromium.sh) when /usr/bin/chromium is
missing; without it these tests fail and say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.web.conftest import LISTED, PASSWORD, Site

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing at /usr/bin/chromium; run "
                    "`bash scripts/ensure-chromium.sh` (make test does)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def tab_on(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.on("request", lambda r: problems.append(f"outside request {r.url}")
           if not r.url.startswith(site.url) else None)
    yield tab
    context.close()
    # a CSP violation, a script error or a request for an outside asset shows up here
    assert not problems, problems


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    with tab_on(browser, site) as tab:
        yield tab


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: Page, username: str) -> None:
    page.goto("/ui/screen")
    expect(page).to_have_url(re.compile(r"/ui/login\?next="))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    shot(page, "01-login")
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Screen a name")).to_be_visible()


def test_log_in_screen_open_a_dossier_acknowledge_a_warning(page: Page, site: Site) -> None:
    warning = site.warn("Browser: vehicle sighted at the border", ["fr"])
    log_in(page, "fr-analyst")

    page.get_by_label("Name", exact=True).fill("Muhammad Abdallah al-Jarbani")
    page.get_by_label("Date of birth").fill("1971")
    page.get_by_label("Kind of party").select_option("Person")
    page.get_by_label("Name", exact=True).press("Enter")
    hits = page.locator("li.hit")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator(".verdict")).to_have_text("Match")
    expect(page.locator("table.explain").first).to_contain_text("name match")
    shot(page, "02-screen")

    page.locator(f'a[href="/ui/entities/{LISTED}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "MUHAMMAD ABDALLAH SALIH AL-JARBANI")
    expect(page.get_by_role("cell", name="محمد عبد الله صالح الجرباني")).to_be_visible()
    expect(page.locator("section", has=page.locator("#positions-h"))).to_contain_text("objects")
    shot(page, "03-dossier")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    expect(page.get_by_role("link", name="Browser: vehicle sighted at the border")).to_be_visible()
    expect(page.get_by_text("Italian eyes only")).to_have_count(0)
    shot(page, "04-inbox")

    page.get_by_role("link", name="Browser: vehicle sighted at the border").click()
    page.get_by_role("button", name="Acknowledge this warning").click()
    expect(page.get_by_text("Acknowledged.")).to_be_visible()
    expect(page.locator("#item-state")).to_have_text("acknowledged")
    shot(page, "05-warning-acknowledged")
    assert site.exchange.recipients_of(site.desk, warning)[0]["state"] == "acknowledged"


def test_the_other_pages_render_without_errors(page: Page) -> None:
    log_in(page, "fr-analyst")
    for path, heading, name in (("/ui/joint", "Agreement matrix", "06-matrix"),
                                ("/ui/joint/disagreements", "Disagreements", "07-disagreements"),
                                ("/ui/lists", "Lists", "08-lists"),
                                ("/ui/lists/ftm-web", "Web test list", "09-editions"),
                                ("/ui/news", "News", "10-news")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        shot(page, name)
    expect(page.locator("svg.network circle").first).to_be_visible()


def test_keyboard_only_and_visible_focus(page: Page) -> None:
    page.goto("/ui/login")
    expect(page.get_by_label("User name")).to_be_focused()  # focus starts in the form
    page.keyboard.type("fr-screener")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Log in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Screen a name")).to_be_visible()
    page.keyboard.type("al-Jarbani")  # the name field has the focus on arrival
    page.keyboard.press("Enter")
    expect(page.locator("li.hit").first).to_be_visible()
    page.keyboard.press("Tab")  # a page without autofocus: the first stop is the skip link
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    assert skip.bounding_box()["x"] >= 0  # type: ignore[index]  # shown when focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    expect(page.get_by_role("link", name="Inbox")).to_have_count(0)  # a screener's menu
    shot(page, "11-screener-keyboard")


def test_a_story_an_entity_timeline_the_alerts_and_the_candidates(page: Page) -> None:
    log_in(page, "fr-analyst")
    page.goto("/ui/news")
    page.get_by_role("link", name="Supply routes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supply routes")
    events = page.locator("section", has=page.locator("#events-h"))
    expect(events.locator("tr.event-met")).to_contain_text("Tomas Brandt met Idris Fenwick")
    expect(events.locator("tr.event-met q")).to_contain_text("Interior Minister Tomas Brandt")
    shot(page, "12-story")

    page.get_by_role("link", name="KATIBAT AL-NAJM AL-SATI").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KATIBAT AL-NAJM AL-SATI")
    timeline = page.locator("section", has=page.locator("#timeline-h"))
    expect(timeline.locator("tr")).to_have_count(3)  # a header and the two stories
    shot(page, "13-entity-timeline")

    page.get_by_role("navigation", name="News").get_by_role(
        "link", name="Watchlist and alerts").click()
    page.get_by_label("Entity to watch").fill(LISTED)  # from the keyboard
    page.get_by_label("TLP of the warnings").select_option("AMBER+STRICT")
    page.get_by_label("Entity to watch").press("Enter")
    alerts = page.locator("section", has=page.locator("#alerts-h"))
    expect(alerts.get_by_role("link", name="Fezzan raid")).to_be_visible()
    expect(page.get_by_role("button", name="Stop watching MUHAMMAD ABDALLAH SALIH AL-JARBANI")
           ).to_be_visible()
    shot(page, "14-alerts")

    page.get_by_role("navigation", name="News").get_by_role("link", name="Candidate names").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidate names")
    reject = page.get_by_role("button", name="Reject NIAMEY")
    reject.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Reject NIAMEY")).to_have_count(0)
    shot(page, "15-candidates")


def test_a_seed_story_and_a_seed_timeline(browser: Browser, seeded: Site) -> None:
    with tab_on(browser, seeded) as tab:
        log_in(tab, "fr-analyst")
        tab.goto("/ui/news/entities/mon-john-bolton")
        met = tab.locator("tr.event-met", has_text="John Bolton met Georgy Mamedov in Moscow")
        expect(met.first).to_be_visible()
        shot(tab, "16-seeds-timeline-bolton")
        met.first.get_by_role("link").click()
        expect(tab.get_by_role("heading", level=1)).to_be_visible()
        expect(tab.locator("section", has=tab.locator("#events-h"))).to_contain_text(
            "Vladimir Putin spoke by telephone with Islam Karimov")
        shot(tab, "17-seeds-story")
