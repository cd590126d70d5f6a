"""The units the monitor works on: a fetched document and the articles read from it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

_SPACE = re.compile(r"\s+")


@dataclass
class Document:
    """One input as read: a file or a URL, its kind (text, html, feed) and its decoded text."""

    source: str
    kind: str
    text: str
    encoding: str = "utf-8"
    raw: bytes = b""


@dataclass
class Article:
    """One news article: title, body, publication date (ISO prefix) and where it came from."""

    source: str
    title: str
    text: str
    published: str | None = None
    place: str | None = None
    url: str | None = None
    language: str | None = None
    page_date: str | None = None
    dropped: list[str] = field(default_factory=list)

    @cached_property
    def id(self) -> str:
        """A content hash: the same article read twice is one article (computed once, when the
        article is complete)."""
        body = _SPACE.sub(" ", f"{self.title}\n{self.text}").strip().casefold()
        return hashlib.sha1(body.encode("utf-8")).hexdigest()

    @property
    def date(self) -> str | None:
        """The publication date, or the page's own date when the article gives none."""
        return self.published or self.page_date

    @property
    def full_text(self) -> str:
        return f"{self.title}\n\n{self.text}" if self.title else self.text
