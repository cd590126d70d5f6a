"""Ingestion into the store (SQLite and PostgreSQL): stories, duplicates, bad input, alerts,
candidates and judgements, feeds and pages over HTTP."""

from __future__ import annotations

import codecs
from pathlib import Path

from coalition.model import Entity
from coalition.monitor import Monitor
from coalition.monitor.alerts import watch_entity
from coalition.monitor.linking import EntityIndex
from coalition.monitor.reading import MAX_BYTES
from coalition.store import Store
from tests.monitor.conftest import GLUED

WIRE = ("ISIL fighters attacked a border post near Novograd on Monday, the interior ministry "
        "said. Officials said the attackers came from the south and that two guards were "
        "wounded in the fighting before reinforcements arrived from the city.")


def test_bad_inputs_get_one_message_each_and_the_batch_goes_on(
        store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GLUED, encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 50)
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "latin.txt").write_bytes("Déclaration du ministère".encode("latin-1"))
    (tmp_path / "odd.html").write_bytes(b'<html><meta charset="x-klingon"><p>\xff\xfe</p></html>')
    (tmp_path / "broken.xml").write_bytes(b"<rss><channel><item><title>x</title></channel>")
    (tmp_path / "dtd.xml").write_bytes(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]>'
                                       b"<rss><channel/></rss>")
    with (tmp_path / "huge.txt").open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    report = Monitor(store, nlp=False, index=EntityIndex(())).ingest([str(tmp_path)])
    assert report.sources == 8 and report.articles == 2
    problems = sorted(report.problems)
    assert len(problems) == 7
    text = "\n".join(problems)
    for name, words in [("binary.bin", "binary"), ("empty.txt", "empty"),
                        ("latin.txt", "not UTF-8"), ("odd.html", "unknown encoding"),
                        ("broken.xml", "malformed XML"), ("dtd.xml", "DOCTYPE"),
                        ("huge.txt", "limit")]:
        assert any(name in p and words in p for p in problems), (name, text)


def test_declared_encodings_and_boms_are_read(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(
        b'<html><head><meta charset="windows-1251"></head><body><article><h1>\xcd\xee\xe2\xee'
        b"\xf1\xf2\xe8</h1><p>" + ("ФСБ сообщила о задержании. " * 12).encode("cp1251")
        + b"</p></article></body></html>")
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF16_LE + GLUED.encode("utf-16-le"))
    report = Monitor(store, nlp=False, index=EntityIndex(())).ingest([str(tmp_path)])
    assert report.problems == [] and report.articles == 3


def test_near_duplicates_are_one_story_and_alert_once(store: Store, tmp_path: Path) -> None:
    for n, prefix in enumerate(["", "UPDATED: ", "Reuters - "]):
        (tmp_path / f"copy{n}.txt").write_text(f"ISIL Attack at the Border\n\n{prefix}{WIRE}\n")
    (tmp_path / "other.txt").write_text(
        "Unrelated Report\n\nThe ISIL leadership was discussed at a long conference in Geneva "
        "where delegates from forty countries agreed on a new reporting format for banks.\n")
    monitor = Monitor(store, nlp=False, index=EntityIndex(()))
    watch_entity(monitor.repo, "ministry-a", "ISIL")
    report = monitor.ingest([str(tmp_path)])
    assert (report.articles, report.new_stories, report.merged) == (4, 2, 2)
    alerts = monitor.repo.alerts("ministry-a")
    assert len(alerts) == 2
    assert sorted(a["articles"] for a in alerts) == [1, 3]
    again = monitor.ingest([str(tmp_path)])
    assert again.duplicates == 4 and again.articles == 0


def test_weak_alias_alone_never_alerts(store: Store, tmp_path: Path) -> None:
    (tmp_path / "weak.txt").write_text("Market Report\n\nWhat IS the price of grain today in "
                                       "the region, traders asked on Monday morning.\n")
    (tmp_path / "two.txt").write_text("Group Named Twice\n\nIS, also called Daesh, said "
                                      "nothing on Monday about the attack in the region.\n")
    monitor = Monitor(store, nlp=False, index=EntityIndex(()))
    watch_entity(monitor.repo, "ministry-a", "mon-isil")
    monitor.ingest([str(tmp_path)])
    [alert] = monitor.repo.alerts()
    assert alert["story"] == "Group Named Twice"


def test_listed_watch_and_judgements(store: Store, tmp_path: Path,
                                     list_entities: list[Entity]) -> None:
    (tmp_path / "a.txt").write_text(f"Attack Report\n\n{WIRE}\n")
    monitor = Monitor(store, nlp=False, index=EntityIndex(list_entities))
    watch_entity(monitor.repo, "fiu-b", "listed")
    monitor.ingest([str(tmp_path)])
    [alert] = monitor.repo.alerts("fiu-b")
    assert (alert["entity_id"], alert["reason"]) == ("un-sc-QDe.115", "listed")


def test_feed_and_page_over_http(store: Store, server: tuple[str, Path]) -> None:
    base, root = server
    (root / "story.html").write_text(
        "<html><head><title>Site</title></head><body><nav>Home | World | Subscribe</nav>"
        "<article><h1>Border Post Attacked</h1><p>" + WIRE + "</p><p>" + WIRE.replace(
            "Monday", "Sunday") + "</p></article><footer>© 2015 Example</footer></body></html>")
    (root / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Border Post Attacked</title><link>{base}/story.html</link>"
        "<pubDate>Tue, 29 Sep 2015 10:00:00 GMT</pubDate><description>Teaser</description></item>"
        f"<item><title>Missing</title><link>{base}/gone.html</link></item>"
        "</channel></rss>")
    (root / "atom.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>A</title><entry><title>Council Meets</title><published>2015-10-01T08:00:00Z"
        "</published><content type=\"html\">&lt;p&gt;" + ("The UN Security Council met on "
        "Thursday to discuss the financing of al-Qaeda. " * 8) + "&lt;/p&gt;</content></entry>"
        "</feed>")
    monitor = Monitor(store, nlp=False, index=EntityIndex(()))
    report = monitor.ingest([f"{base}/feed.xml", f"{base}/atom.xml", f"{base}/none.xml"])
    assert report.articles == 2
    assert len(report.problems) == 2
    assert any("gone.html" in p and "404" in p for p in report.problems)
    assert any("none.xml" in p for p in report.problems)
    stories = {s["title"]: s for s in monitor.repo.stories()}
    assert stories["Border Post Attacked"]["published"] == "2015-09-29"
    assert stories["Council Meets"]["published"] == "2015-10-01"
    ids = {m["entity_id"] for m in monitor.repo.mentions()}
    assert {"mon-isil", "mon-unsc", "mon-al-qaida"} <= ids
