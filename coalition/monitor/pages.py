"""HTML pages and RSS/Atom feeds turned into articles (trafilatura for the page's main text)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path

import trafilatura
from lxml import etree

from coalition.errors import InputError
from coalition.monitor.article import Article, Document
from coalition.monitor.datelines import find_date
from coalition.monitor.textclean import clean_article
from coalition.sources.xmlsafe import local, parse_tree

# Only dates the page states (meta tags, time elements, URL), never a guess from copyright lines.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
MIN_ITEM_TEXT = 400  # a feed item shorter than this is a teaser: the linked page is read instead


def html_article(html: str, source: str, url: str | None = None) -> Article:
    """The main article of an HTML page, boilerplate removed by trafilatura."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True,
                                      date_extraction_params=DATE_PARAMS)
    if doc is None or not (doc.text or "").strip():
        raise InputError("no article text found in the HTML page", where=source)
    art = clean_article(doc.title, doc.text or "", source, published=doc.date or None,
                        url=url or doc.url)
    if art is None:
        raise InputError("the HTML page holds only page furniture, no article", where=source)
    return art


def _feed_date(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text.strip()).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return find_date(text)


def _child(item: etree._Element, *names: str) -> etree._Element | None:
    for child in item:
        if isinstance(child.tag, str) and local(child) in names:
            return child
    return None


def _text(elem: etree._Element | None) -> str:
    if elem is None:
        return ""
    return "".join(elem.itertext()).strip()


def _plain(markup: str) -> str:
    if "<" not in markup:
        return markup
    extracted = trafilatura.extract(f"<html><body><article>{markup}</article></body></html>",
                                    favor_recall=True)
    return extracted or ""


def feed_items(doc: Document) -> list[dict[str, str | None]]:
    """Title, link, date and body of each item (RSS 2.0, RSS 1.0) or entry (Atom)."""
    with tempfile.TemporaryDirectory(prefix="coalition-feed-") as tmp:
        path = Path(tmp) / "feed.xml"
        path.write_bytes(doc.raw or doc.text.encode("utf-8"))
        try:
            root = parse_tree(path).getroot()
        except InputError as exc:
            raise InputError(exc.message.replace(str(path), "feed"), where=doc.source) from None
    items = []
    for item in root.iter():
        if not isinstance(item.tag, str) or local(item) not in ("item", "entry"):
            continue
        link_el = _child(item, "link")
        link = None
        if link_el is not None:
            link = link_el.get("href") or _text(link_el) or None
        body = _text(_child(item, "encoded")) or _text(_child(item, "content")) \
            or _text(_child(item, "description", "summary"))
        items.append({
            "title": _text(_child(item, "title")) or None,
            "link": link,
            "date": _feed_date(_text(_child(item, "pubDate", "published", "date", "updated"))),
            "body": _plain(body),
        })
    return items


PageReader = Callable[[str], Document]


def feed_articles(doc: Document, read_page: PageReader | None,
                  problems: list[InputError]) -> list[Article]:
    """The articles of a feed; a teaser item is replaced by its linked page when `read_page` is
    given. A bad item is one message in `problems`; the other items go on."""
    articles = []
    for n, item in enumerate(feed_items(doc), start=1):
        where = f"{doc.source} item {n}"
        text = item["body"] or ""
        art: Article | None = None
        try:
            if len(text) < MIN_ITEM_TEXT and item["link"] and read_page is not None:
                page = read_page(item["link"])
                if page.kind != "html":
                    raise InputError(f"linked page is {page.kind}, not HTML", where=item["link"])
                art = html_article(page.text, where, url=item["link"])
                art.title = item["title"] or art.title
                art.published = item["date"] or art.published
            else:
                art = clean_article(item["title"], text, where, published=item["date"],
                                    url=item["link"])
        except InputError as exc:
            problems.append(exc)
            continue
        if art is None:
            problems.append(InputError("feed item has no text", where=where))
            continue
        articles.append(art)
    if not articles and not problems:
        problems.append(InputError("feed holds no items", where=doc.source))
    return articles
