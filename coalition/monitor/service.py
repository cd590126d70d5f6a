"""`Monitor`: read inputs, split and clean articles, merge stories, find and link mentions,
extract events, store them and raise alerts. One bad input is one message; the batch goes on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coalition.errors import InputError
from coalition.exchange import ExchangeService, Principal
from coalition.monitor import language, ner
from coalition.monitor import stories as st
from coalition.monitor.alerts import alert_story
from coalition.monitor.article import Article, Document
from coalition.monitor.delivery import deliver
from coalition.monitor.events import Event, Piece, events_of
from coalition.monitor.linking import EntityIndex, Linker, ListIndex, default_index
from coalition.monitor.mentions import Judgement, Mention, find_mentions
from coalition.monitor.pages import feed_articles, html_article
from coalition.monitor.reading import is_url, read_document
from coalition.monitor.repository import MonitorRepository
from coalition.monitor.sentences import to_parse
from coalition.monitor.textclean import split_articles
from coalition.sources.fetch import Fetcher
from coalition.store import Store


@dataclass
class IngestReport:
    """What one `ingest` did, and the inputs it could not read (one message each)."""

    sources: int = 0
    articles: int = 0
    duplicates: int = 0
    new_stories: int = 0
    merged: int = 0
    mentions: int = 0
    linked: int = 0
    candidates: int = 0
    events: int = 0
    alerts: int = 0
    warnings: int = 0
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Analysis:
    """An article with what was found in it (before storage)."""

    article: Article
    mentions: list[Mention]
    events: list[Event]


def expand(sources: Iterable[str]) -> list[str]:
    """Files of folders (sorted, recursively), other paths and URLs as given."""
    out: list[str] = []
    for src in sources:
        path = Path(src)
        if not is_url(src) and path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file()
                       and not p.name.startswith("."))
        else:
            out.append(src)
    return out


class Monitor:
    """The news monitor over a store; `nlp=False` runs the gazetteer alone (no NER, no events).
    With `exchange` (the service and the user it acts as), alerts go out as warnings."""

    def __init__(self, store: Store, *, index: ListIndex | None = None, nlp: bool = True,
                 fetcher: Fetcher | None = None, follow_links: bool = True,
                 exchange: tuple[ExchangeService, Principal] | None = None) -> None:
        self.store = store
        self.repo = MonitorRepository(store.engine)
        if index is None:
            entities = list(store.entities(matchable_only=True))
            index = default_index(entities) if entities else EntityIndex(())
        self.linker = Linker(index)
        self.nlp = nlp
        self.fetcher = fetcher
        self.follow_links = follow_links
        self.exchange = exchange

    # -- reading -----------------------------------------------------------------------------

    def _read_page(self, url: str) -> Document:
        return read_document(url, self.fetcher)

    def read(self, source: str, problems: list[InputError]) -> list[Article]:
        """The articles of one input (a text page may hold several, a feed many)."""
        doc = read_document(source, self.fetcher)
        if doc.kind == "feed":
            reader = self._read_page if self.follow_links else None
            return feed_articles(doc, reader, problems)
        if doc.kind == "html":
            return [html_article(doc.text, source, url=source if is_url(source) else None)]
        articles = split_articles(doc.text, source)
        if not articles:
            raise InputError("no article text found (only page furniture or blank lines)",
                             where=source)
        return articles

    # -- analysis ----------------------------------------------------------------------------

    def analyse(self, articles: list[Article],
                judgements: dict[str, Judgement] | None = None) -> list[Analysis]:
        """Language, mentions and events of each article. English articles are read by NER in
        one batch; then only the sentences that may state an event are parsed, in one batch."""
        judgements = self.repo.judgements() if judgements is None else judgements
        for art in articles:
            art.language = language.detect(art.full_text)
        english = [a for a in articles if a.language == "en"] if self.nlp else []
        docs = dict(zip([id(a) for a in english],
                        ner.read_english([a.full_text for a in english]), strict=True))
        out: list[Analysis] = []
        wanted: list[tuple[int, int, Any]] = []  # (analysis, sentence number, sentence span)
        for art in articles:
            doc = docs.get(id(art))
            if doc is not None:
                spans = ner.spans_of_doc(doc)
            elif self.nlp and art.language == "ru":
                spans = ner.russian_spans(art.full_text)
            else:
                spans = []
            mentions = find_mentions(art.full_text, spans, self.linker, judgements,
                                     headline_end=len(art.title))
            if doc is not None:
                chosen = to_parse(doc, art.full_text, mentions)
                wanted.extend((len(out), n, sent) for n, sent in chosen)
            out.append(Analysis(art, mentions, []))
        parsed = ner.parse_english([sent for _, _, sent in wanted])
        pieces: dict[int, list[Piece]] = {}
        for (k, n, sent), sent_doc in zip(wanted, parsed, strict=True):
            pieces.setdefault(k, []).append(Piece(n, sent.start_char, sent_doc))
        for k, item in enumerate(out):
            if k in pieces:
                item.events = events_of(pieces[k], item.mentions, item.article)
        return out

    # -- the whole run -----------------------------------------------------------------------

    def ingest(self, sources: Iterable[str]) -> IngestReport:
        """Read, analyse and store every input; bad inputs become messages in the report."""
        report = IngestReport()
        articles: list[Article] = []
        for source in expand(sources):
            report.sources += 1
            problems: list[InputError] = []
            try:
                articles.extend(self.read(source, problems))
            except InputError as exc:
                problems.append(exc)
            report.problems.extend(str(p) for p in problems)
        self.store_articles(articles, report)
        if self.exchange is not None:
            sent = deliver(self.repo, *self.exchange)
            report.warnings = len(sent.warnings)
            report.problems.extend(sent.problems)
        return report

    def store_articles(self, articles: list[Article], report: IngestReport) -> None:
        seen: set[str] = set()
        fresh = []
        with self.repo.engine.connect() as conn:
            for art in articles:
                if art.id in seen or self.repo.has_article(conn, art.id):
                    report.duplicates += 1
                    continue
                seen.add(art.id)
                fresh.append(art)
        for item in self.analyse(fresh):
            art = item.article
            with self.repo.engine.begin() as conn:
                story_id, created = self.repo.add_article(conn, art, st.sketch(art.full_text))
                self.repo.add_mentions(conn, art.id, story_id, item.mentions)
                self.repo.add_events(conn, art.id, story_id, item.events)
                report.alerts += alert_story(self.repo, conn, story_id)
            report.articles += 1
            report.new_stories += created
            report.merged += not created
            report.mentions += len(item.mentions)
            report.linked += sum(m.status == "linked" for m in item.mentions)
            report.candidates += sum(m.status == "candidate" for m in item.mentions)
            report.events += len(item.events)
