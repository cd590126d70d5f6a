"""The five real seed texts (read from ../shared/datasets/news/seeds, never copied) ingested
into a site of their own, then read through the web pages: the groups linked, the events with
their evidence sentence, date and place, the entities' timelines, and the alerts of a member
that watches ISIS delivered to its inbox."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import httpx
import pytest

from tests.web.conftest import Site, login

GROUPS = {  # a name as the news writes it → the entity it links to
    "ISIS": "mon-isil", "ISIL": "mon-isil", "al-Qaeda": "mon-al-qaida", "NATO": "mon-nato",
    "FSB": "mon-fsb"}
STORY_LINK = re.compile(r'href="/ui/news/stories/([0-9a-f]+)"')
EVIDENCE = re.compile(r'<q dir="auto">(.+?)</q>', re.S)


@pytest.fixture
def reader(seeded: Site) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=seeded.url, follow_redirects=False, timeout=30) as c:
        assert login(c, "fr-analyst").status_code == 303
        yield c


def text_of(r: httpx.Response) -> str:
    assert r.status_code == 200, r.text[:500]
    return html.unescape(r.text)


def section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def event_row(page: str, summary: str) -> str:
    """The table row of the event stated as `summary`."""
    rows = [row for row in page.split("<tr") if f">{summary}</span>" in row]
    assert rows, f"no event {summary!r} on the page"
    return rows[0]


def test_the_groups_are_linked_on_the_story_pages(reader: httpx.Client) -> None:
    news = text_of(reader.get("/ui/news"))
    stories = set(STORY_LINK.findall(news))
    assert len(stories) >= 10  # one file holds several articles
    named: set[str] = set()
    for story in stories:
        page = text_of(reader.get(f"/ui/news/stories/{story}"))
        named |= set(re.findall(r'href="/ui/news/entities/([^"]+)"', section(page, "entities-h")))
    assert set(GROUPS.values()) <= named
    for name, entity_id in GROUPS.items():  # the names the news uses reach the same entity
        page = text_of(reader.get(f"/ui/news/entities/{name}"))
        assert f"<p>{entity_id}" in page
        assert STORY_LINK.search(section(page, "timeline-h")), name


@pytest.mark.parametrize("actor, summary, place", [
    ("mon-john-bolton", "John Bolton met Georgy Mamedov in Moscow", "Moscow"),
    ("mon-vladimir-putin", "Vladimir Putin spoke by telephone with Islam Karimov", None),
])
def test_the_events_show_on_the_timeline_and_the_story(reader: httpx.Client, actor: str,
                                                       summary: str, place: str | None) -> None:
    timeline = text_of(reader.get(f"/ui/news/entities/{actor}"))
    row = event_row(section(timeline, "timeline-h"), summary)
    assert re.search(r"<td class=\"date\">\d{4}-\d{2}-\d{2}</td>", row)  # dated
    sentence = EVIDENCE.search(row)
    assert sentence and summary.split()[1] in sentence.group(1)  # with its evidence sentence
    if place:
        assert f'<td dir="auto">{place}</td>' in row
    story = STORY_LINK.search(row)
    assert story
    on_story = event_row(section(text_of(reader.get(f"/ui/news/stories/{story.group(1)}")),
                                 "events-h"), summary)
    found = EVIDENCE.search(on_story)
    assert found and found.group(1) == sentence.group(1)


def test_the_alerts_of_the_watching_member(reader: httpx.Client, seeded: Site) -> None:
    page = text_of(reader.get("/ui/news/alerts"))
    assert "Islamic State in Iraq and the Levant" in section(page, "watch-h")
    alerts = section(page, "alerts-h")
    stories = STORY_LINK.findall(alerts)
    assert len(stories) >= 3 and len(stories) == len(set(stories))  # one alert per story
    sent = re.findall(r'href="/ui/inbox/([^"]+)">sent</a>', alerts)
    assert len(sent) == len(stories)
    inbox = text_of(reader.get("/ui/inbox"))
    assert all(f"/ui/inbox/{w}" in inbox for w in sent)  # delivered as warnings
    warning = text_of(reader.get(f"/ui/inbox/{sent[0]}"))
    assert 'href="/ui/news/entities/mon-isil"' in warning  # its subject, in the news
    reader.cookies.clear()
    login(reader, "it-analyst")  # a member that watches nothing has no alert
    assert "No alert." in text_of(reader.get("/ui/news/alerts"))
