"""Plain-text news: page furniture dropped, several glued articles split, titles and dates found.

Rules are data (furniture.yaml). A headline printed twice in a row (the way scraped pages repeat
the title above the body) starts a new article; so does the page's first title, printed once.
A line that is only a date is a byline (after the title: the publication date) or the page's
own date (before it). A paragraph printed again further down (a standfirst or pull quote that
repeats a sentence of the body) is kept once, where it stands in the body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

from coalition.monitor.article import Article
from coalition.monitor.datelines import date_line, dateline, find_date

MAX_TITLE = 200
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class Furniture:
    """Compiled furniture rules: lines to drop, and lines that start the page trailer."""

    drop: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]

    def is_drop(self, line: str) -> bool:
        return any(rx.fullmatch(line) for rx in self.drop)

    def is_trailer(self, line: str) -> bool:
        return any(rx.fullmatch(line) for rx in self.trailer)


@functools.cache
def furniture() -> Furniture:
    text = resources.files(__package__).joinpath("furniture.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Furniture(
        drop=tuple(re.compile(p, re.I) for p in data["drop"]),
        trailer=tuple(re.compile(p, re.I) for p in data["trailer"]),
    )


def _key(line: str) -> str:
    return " ".join(line.translate(_QUOTES).casefold().split())


def _paragraph_key(text: str) -> str:
    return _key(text).rstrip(".,;:!? \"'")


def without_repeats(paragraphs: list[str]) -> list[str]:
    """Paragraphs with each repeated one kept at its last place only."""
    keys = [_paragraph_key(p) for p in paragraphs]
    return [p for i, p in enumerate(paragraphs) if keys[i] not in keys[i + 1:]]


def _looks_like_title(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE and not line.rstrip().endswith((".", ",", ";", ":"))


def headline_starts(lines: list[str]) -> list[int]:
    """Indexes of headlines printed twice in a row (the second copy follows the first)."""
    starts = []
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for a, b in zip(nonblank, nonblank[1:], strict=False):
        la, lb = lines[a].strip(), lines[b].strip()
        if (_looks_like_title(la) and _key(la) == _key(lb) and len(la.split()) >= 2
                and not furniture().is_drop(la) and not date_line(la)):
            starts.append(a)
    return starts


@dataclass
class _Segment:
    lines: list[str]
    headline: str | None = None
    dropped: list[str] = field(default_factory=list)


def _segments(text: str) -> list[_Segment]:
    lines = text.splitlines()
    starts = headline_starts(lines)
    bounds = [0, *[s for s in starts if s > 0], len(lines)]
    segments = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        seg_lines = lines[lo:hi]
        headline = None
        if lo in starts:
            headline = seg_lines[0].strip()
            # drop the headline and its repeated copy
            rest = seg_lines[1:]
            for i, line in enumerate(rest):
                if line.strip():
                    seg_lines = rest[i + 1:]
                    break
        segments.append(_Segment(seg_lines, headline))
    return segments


def _clean(seg: _Segment, source: str, page_date: str | None) -> Article | None:
    rules = furniture()
    title = seg.headline
    published: str | None = None
    place: str | None = None
    body: list[str] = []
    for raw in seg.lines:
        line = raw.strip()
        if not line:
            body.append("")
            continue
        if rules.is_trailer(line):
            seg.dropped.append(line)
            break
        if rules.is_drop(line):
            seg.dropped.append(line)
            if "update" in line.lower() and not page_date:
                page_date = find_date(line)
            continue
        when = date_line(line)
        if when:
            seg.dropped.append(line)
            if title is None:
                page_date = page_date or when
            else:
                published = published or when
            continue
        if title is None and _looks_like_title(line):
            title = line
            continue
        if title is not None and not body and _key(line) == _key(title):
            continue
        body.append(line)
    paragraphs = [p.strip() for p in "\n".join(body).split("\n\n")]
    paragraphs = without_repeats([p for p in paragraphs if p])
    for p in paragraphs[:3]:
        found = dateline(p)
        if found:
            place = found.place
            if found.year and not published:
                published = f"{found.year:04d}-{found.month:02d}-{found.day:02d}"
            break
    if not paragraphs and not title:
        return None
    return Article(source=source, title=title or "", text="\n\n".join(paragraphs),
                   published=published, place=place, page_date=page_date,
                   dropped=seg.dropped)


def split_articles(text: str, source: str) -> list[Article]:
    """The articles in a plain-text page, furniture removed."""
    segments = _segments(text)
    page_date = None
    articles: list[Article] = []
    for seg in segments:
        art = _clean(seg, source, page_date if articles else None)
        if art is None:
            continue
        if not articles:
            page_date = art.page_date
        elif art.page_date is None:
            art.page_date = page_date
        if art.text:
            articles.append(art)
    return articles


def clean_article(title: str | None, text: str, source: str, *, published: str | None = None,
                  url: str | None = None) -> Article | None:
    """One article whose title and body are already separated (HTML pages, feed items)."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    art = _clean(_Segment("\n\n".join(paragraphs).splitlines(), title or None), source, None)
    if art is None or not art.text:
        return None
    art.published = published or art.published
    art.url = url
    return art
