"""The five real seed texts (read from ../shared/datasets/news/seeds, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.monitor.alerts import watch_entity
from coalition.store import Store
from tests.monitor.conftest import Node

GROUPS = {"mon-isil", "mon-al-qaida", "mon-al-nusrah", "mon-nato", "mon-csto", "mon-fsb",
          "mon-unsc", "mon-g20"}
PEOPLE = {"vladimir-putin", "sergei-lavrov", "john-kerry", "john-bolton", "georgy-mamedov",
          "islam-karimov", "mikhail-bogdanov", "alexander-bortnikov", "sergei-shoigu",
          "nouri-al-maliki", "barack-obama", "bashar-al-assad"}


@pytest.fixture
def seeds(datasets: Path) -> Path:
    path = datasets / "news" / "seeds"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


def test_seeds_end_to_end(store: Store, seeds: Path, tmp_path: Path) -> None:
    node = Node(store, tmp_path)
    monitor = node.monitor(nlp=True)
    watch_entity(monitor.repo, "fiu-b", "ISIS")
    report = monitor.ingest([str(seeds)])
    assert report.problems == []
    assert report.sources == 5 and report.articles >= 10  # one file holds several articles
    linked = {m["entity_id"] for m in monitor.repo.mentions(status="linked")}
    assert GROUPS <= linked
    assert {f"mon-{p}" for p in PEOPLE} <= linked
    summaries = {e["summary"] for e in monitor.repo.events(kind="met")}
    assert "John Bolton met Georgy Mamedov in Moscow" in summaries
    assert "Vladimir Putin spoke by telephone with Islam Karimov" in summaries
    said = monitor.repo.events(entity="mon-sergei-lavrov", kind="said")
    assert len(said) >= 5
    alerts = monitor.repo.alerts("fiu-b")
    assert len(alerts) == len({a["story_id"] for a in alerts}) >= 3
    # each alert reached fiu-b as one exchange warning
    warnings = node.warnings("fiu-b")
    assert report.warnings == len(warnings) == len(alerts)
    assert {w.id for w in warnings} == {a["warning_id"] for a in alerts}
    titles = {s["title"] for s in monitor.repo.stories()}
    assert not any("Views" in t or "Get the latest" in t for t in titles)
