"""One representative flow on each database (SQLite and PostgreSQL): log in, screen a name,
open a dossier, acknowledge a warning in the inbox, read the news (a story, an entity's
timeline), watch an entity and see its alert. The other page tests run on SQLite only."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.web.conftest import LISTED, Site, csrf_of, login


@pytest.fixture
def on(any_site: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=any_site.url, follow_redirects=False, timeout=30) as c:
        yield c


def test_the_main_flow(on: httpx.Client, any_site: Site) -> None:
    site = any_site
    assert site.store.engine.dialect.name in ("sqlite", "postgresql")
    warning = site.warn("Flow: checkpoint moved", ["fr"])
    assert login(on, "fr-analyst").status_code == 303

    screen = on.get("/ui/screen", params={"name": "Muhammad Abdallah al-Jarbani",
                                          "birth_date": "1971"})
    assert screen.status_code == 200 and f"/ui/entities/{LISTED}" in screen.text
    dossier = on.get(f"/ui/entities/{LISTED}").text
    assert "محمد عبد الله صالح الجرباني" in dossier
    assert "no evidence shared with France" in dossier.split('id="positions-h"')[1]
    assert "Fezzan raid" in dossier.split('id="timeline-h"')[1]

    inbox = on.get("/ui/inbox").text
    assert "Flow: checkpoint moved" in inbox and "Italian eyes only" not in inbox
    item = on.get(f"/ui/inbox/{warning}")
    r = on.post(f"/ui/inbox/{warning}/acknowledge", data={"csrf_token": csrf_of(item.text)})
    assert r.status_code == 303 and "Acknowledged." in on.get(f"/ui/inbox/{warning}").text
    assert site.exchange.recipients_of(site.desk, warning)[0]["state"] == "acknowledged"

    news = on.get("/ui/news").text
    assert "Fezzan raid" in news and "<circle" in news
    story = on.get(f"/ui/news/stories/{site.items['story']}").text
    assert "Tomas Brandt met Idris Fenwick" in story
    timeline = on.get("/ui/news/entities/un-sc-XQe.001").text
    assert "Fezzan raid" in timeline and "Supply routes" in timeline
    r = on.post("/ui/news/watch", data={"entity": "Katibat al-Najm al-Sati", "tlp": "AMBER",
                                        "csrf_token": csrf_of(news)})
    assert r.status_code == 303
    alerts = on.get("/ui/news/alerts").text.split('id="alerts-h"')[1]
    assert "Fezzan raid" in alerts and "Supply routes" in alerts
