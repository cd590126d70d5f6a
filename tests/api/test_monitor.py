"""The news monitor over HTTP: stories, candidates judged by an analyst, timelines, the
co-mention network, and watchlists and alerts kept per member."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from coalition.monitor.service import Monitor
from coalition.store import Store
from tests.api.client import ApiClient
from tests.api.test_errors import assert_error
from tests.monitor.conftest import GLUED


@pytest.fixture
def news(api_store: Store, tmp_path: Path) -> Store:
    path = tmp_path / "news.txt"
    path.write_text(GLUED, encoding="utf-8")
    report = Monitor(api_store).ingest([str(path)])
    assert report.articles == 2
    return api_store


def test_monitor_endpoints(api: ApiClient, news: Store, tokens: dict[str, str]) -> None:
    analyst = tokens["analyst"]
    stories = api.get("/monitor/stories", token=analyst).json()
    assert stories["total"] == 2
    candidates = {c["name"] for c in api.get("/monitor/candidates", token=analyst).json()}
    assert "Elena Varga" in candidates
    assert_error(api.get("/monitor/entities/Elena Varga/timeline", token=analyst), 404,
                 "not_found")
    judged = api.post("/monitor/candidates", token=analyst,
                      json={"name": "Elena Varga", "decision": "confirm"}).json()
    assert judged["entity_id"] == "analyst-elena-varga" and judged["changed"] >= 1
    timeline = api.get("/monitor/entities/Elena Varga/timeline", token=analyst).json()
    assert timeline["entity_id"] == "analyst-elena-varga"
    assert timeline["timeline"][0]["kind"] == "mentioned"
    events = api.get("/monitor/events", params={"kind": "met"}, token=analyst).json()
    assert "Elena Varga met Tomas Brandt in Novograd" in {e["summary"]
                                                          for e in events["results"]}
    net = api.get("/monitor/network", token=analyst).json()
    assert "analyst-elena-varga" in {n["id"] for n in net["nodes"]}
    graphml = api.get("/monitor/network", params={"format": "graphml"}, token=analyst)
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert etree.fromstring(graphml.content).tag.endswith("graphml")
    rejected = api.post("/monitor/candidates", token=analyst,
                        json={"name": "Example Agency", "decision": "reject"}).json()
    assert rejected["decision"] == "reject"
    assert "Example Agency" not in {c["name"] for c in
                                    api.get("/monitor/candidates", token=analyst).json()}
    bad = api.post("/monitor/candidates", token=analyst, json={"name": "!!", "decision":
                                                               "confirm"})
    assert_error(bad, 400, "bad_request")


def test_watchlists_and_alerts_are_per_member(api: ApiClient, news: Store,
                                             tokens: dict[str, str]) -> None:
    watched = api.post("/monitor/watchlist", token=tokens["analyst"], json={"entity": "ISIL"})
    assert watched.status_code == 201, watched.text
    assert watched.json()["member"] == "fr" and watched.json()["new_alerts"] == 1
    (alert,) = api.get("/monitor/alerts", token=tokens["analyst"]).json()
    assert alert["member"] == "fr"
    assert api.get("/monitor/alerts", token=tokens["de-analyst"]).json() == []
    assert api.get("/monitor/watchlist", token=tokens["de-analyst"]).json() == []
    assert [w["member"] for w in api.get("/monitor/watchlist",
                                         token=tokens["analyst"]).json()] == ["fr"]
    assert_error(api.get("/monitor/alerts", token=tokens["screener"]), 403, "forbidden")
