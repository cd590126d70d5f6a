"""The monitor's pages: a story with its events, an entity's timeline (its own page and its
dossier), the member's watchlist and alerts, candidate names confirmed or rejected."""

from __future__ import annotations

import httpx
import pytest

from coalition.monitor.repository import MonitorRepository
from tests.web.conftest import LISTED, Site, csrf_of, login


def test_a_story_shows_its_articles_entities_and_events(client: httpx.Client,
                                                        site: Site) -> None:
    login(client, "fr-analyst")
    news = client.get("/ui/news").text
    assert f'href="/ui/news/stories/{site.items["story"]}"' in news
    r = client.get(f"/ui/news/stories/{site.items['story']}")
    assert r.status_code == 200 and "<h1 dir=\"auto\">Supply routes</h1>" in r.text
    entities = r.text.split('id="entities-h"')[1].split("</section>")[0]
    assert "KATIBAT AL-NAJM AL-SATI" in entities and "/ui/news/entities/un-sc-XQe.001" in entities
    events = r.text.split('id="events-h"')[1]
    assert "Tomas Brandt met Idris Fenwick" in events
    assert "<q dir=\"auto\">Interior Minister Tomas Brandt met Colonel Idris Fenwick in Niamey " \
           "on Thursday.</q>" in events  # the evidence sentence
    assert "called for</span>: <span dir=\"auto\">Tomas Brandt called for closer cooperation" \
        in events
    assert client.get("/ui/news/stories/no-such-story").status_code == 404


def test_an_entity_timeline_on_its_news_page_and_its_dossier(client: httpx.Client) -> None:
    login(client, "fr-analyst")
    r = client.get(f"/ui/news/entities/{LISTED}")
    assert r.status_code == 200 and "MUHAMMAD ABDALLAH SALIH AL-JARBANI" in r.text
    timeline = r.text.split('id="timeline-h"')[1]
    assert "mentioned in</span>: <span dir=\"auto\">Fezzan raid" in timeline
    assert "Supply routes" not in timeline  # the other story does not name him
    assert f'href="/ui/entities/{LISTED}"' in r.text  # on to the dossier
    by_name = client.get("/ui/news/entities/Katibat al-Najm al-Sati")
    assert by_name.status_code == 200 and "Fezzan raid" in by_name.text \
        and "Supply routes" in by_name.text
    dossier = client.get(f"/ui/entities/{LISTED}").text.split('id="timeline-h"')[1]
    assert "Fezzan raid" in dossier and f"/ui/news/entities/{LISTED}" in dossier
    missing = client.get("/ui/news/entities/Nobody Known")
    assert missing.status_code == 404 and "no linked mention" in missing.text


def test_watch_and_unwatch_an_entity_for_the_viewers_member(client: httpx.Client,
                                                           site: Site) -> None:
    login(client, "de-analyst")
    page = client.get("/ui/news/alerts")
    assert "Your member watches nothing yet." in page.text and "No alert." in page.text
    token = csrf_of(page.text)
    assert client.post("/ui/news/watch", data={"entity": LISTED,
                                               "csrf_token": "forged"}).status_code == 403
    r = client.post("/ui/news/watch", data={"entity": LISTED, "tlp": "GREEN",
                                            "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/ui/news/alerts"
    page = client.get("/ui/news/alerts").text
    watch, alerts = page.split('id="alerts-h"')
    assert "MUHAMMAD ABDALLAH SALIH AL-JARBANI" in watch and "TLP:GREEN" in watch
    assert "Fezzan raid" in alerts and "watchlist" in alerts  # the story already stored
    assert "Supply routes" not in alerts
    red = client.post("/ui/news/watch", data={"entity": LISTED, "tlp": "RED",
                                              "csrf_token": token})
    assert red.status_code == 400 and "cannot raise TLP:RED" in red.text
    unknown = client.post("/ui/news/watch", data={"entity": "Nobody Known",
                                                  "csrf_token": token})
    assert unknown.status_code == 404 and "Nobody Known" in unknown.text
    client.cookies.clear()
    login(client, "it-analyst")  # another member sees neither the watch nor the alert
    other = client.get("/ui/news/alerts").text
    assert "Your member watches nothing yet." in other and "Fezzan raid" not in other
    client.cookies.clear()
    login(client, "de-analyst")
    token = csrf_of(client.get("/ui/news/alerts").text)  # a new session, a new token
    r = client.post("/ui/news/unwatch", data={"entity": LISTED, "csrf_token": token})
    assert r.status_code == 303
    page = client.get("/ui/news/alerts").text
    assert "Your member watches nothing yet." in page and "Fezzan raid" in page  # alerts stay
    again = client.post("/ui/news/unwatch", data={"entity": LISTED, "csrf_token": token})
    assert again.status_code == 404 and "does not watch" in again.text
    repo = MonitorRepository(site.store.engine)
    assert [w for w in repo.watchlist() if w["member"] == "de"] == []


def test_confirm_and_reject_candidate_names(client: httpx.Client, site: Site) -> None:
    login(client, "fr-analyst")
    page = client.get("/ui/news/candidates")
    assert "Idris Fenwick" in page.text and "SABHA" in page.text
    assert '<td dir="auto">Tomas Brandt</td>' in page.text  # not the shorter "Brandt" later on
    token = csrf_of(page.text)
    assert client.post("/ui/news/candidates", data={
        "name": "SABHA", "decision": "reject", "csrf_token": "forged"}).status_code == 403
    r = client.post("/ui/news/candidates", data={"name": "SABHA", "decision": "reject",
                                                 "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/ui/news/candidates"
    r = client.post("/ui/news/candidates", data={"name": "Idris Fenwick", "decision": "confirm",
                                                 "entity": "", "csrf_token": token})
    assert r.status_code == 303
    after = client.get("/ui/news/candidates").text
    assert "Idris Fenwick" not in after and "SABHA" not in after
    judged = MonitorRepository(site.store.engine).judgements()
    assert judged["sabha"].decision == "reject"
    assert judged["idris fenwick"].entity_id == "analyst-idris-fenwick"
    timeline = client.get("/ui/news/entities/analyst-idris-fenwick")
    assert timeline.status_code == 200 and "Supply routes" in timeline.text
    client.post("/ui/news/candidates", data={"name": "Tomas Brandt", "decision": "confirm",
                                             "entity": "analyst-brandt", "csrf_token": token})
    repo = MonitorRepository(site.store.engine)
    assert len(repo.mentions(entity="analyst-brandt")) == 2  # "Tomas Brandt" and "Brandt"
    for bad in ({"name": "", "decision": "confirm"}, {"name": "x", "decision": "maybe"},
                {"name": "!!!", "decision": "reject"}):
        r = client.post("/ui/news/candidates", data={**bad, "csrf_token": token})
        assert r.status_code == 400, bad
    assert "!!!" not in str(MonitorRepository(site.store.engine).judgements())


@pytest.mark.parametrize("path, data", [
    ("/ui/news/watch", {"entity": LISTED}), ("/ui/news/unwatch", {"entity": LISTED}),
    ("/ui/news/candidates", {"name": "Idris Fenwick", "decision": "reject"})])
def test_only_analysts_change_watchlists_and_judgements(client: httpx.Client, site: Site,
                                                        path: str, data: dict[str, str]) -> None:
    repo = MonitorRepository(site.store.engine)
    before = (repo.watchlist(), repo.judgements())
    token = csrf_of(client.get("/ui/login").text)
    anonymous = client.post(path, data={**data, "csrf_token": token})
    assert anonymous.status_code == 303 and "/ui/login" in anonymous.headers["location"]
    login(client, "fr-screener")
    token = csrf_of(client.get("/ui/screen").text)
    assert client.post(path, data={**data, "csrf_token": token}).status_code == 403
    assert (repo.watchlist(), repo.judgements()) == before
