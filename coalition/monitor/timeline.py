"""An entity's timeline: the stories that mention it and the events it took part in, by date."""

from __future__ import annotations

from typing import Any

from coalition.monitor.repository import MonitorRepository


def timeline(repo: MonitorRepository, entity_id: str) -> list[dict[str, Any]]:
    """Rows (date, kind, text, story_id, article_id) oldest first; undated rows last."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m in repo.mentions(entity=entity_id):
        if m["article_id"] in seen:
            continue
        seen.add(m["article_id"])
        rows.append({"date": m["published"] or m["page_date"], "kind": "mentioned",
                     "text": m["title"], "story_id": m["story_id"],
                     "article_id": m["article_id"]})
    for e in repo.events(entity=entity_id):
        rows.append({"date": e["date"], "kind": e["kind"], "text": e["summary"],
                     "place": e["place"], "sentence": e["sentence"], "story_id": e["story_id"],
                     "article_id": e["article_id"]})
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["kind"] != "mentioned"))
    return rows


def story_titles(repo: MonitorRepository) -> dict[str, str]:
    """Story id → title, to name the stories of a timeline."""
    return {s["id"]: s["title"] for s in repo.stories()}
