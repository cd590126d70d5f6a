"""Mentions: gazetteer hits and NER spans of one article, merged and linked.

Order of trust: a gazetteer hit (curated alias or list name) wins over an overlapping NER span;
a NER name is linked by an analyst's judgement, then by the curated table, then through the
list index; a surname alone takes the entity of the full name earlier in the same article;
whatever links to nothing stays a candidate for an analyst to confirm or reject. A weak hit
(a single-word or ambiguous alias) gives way to NER where NER reads the words as something
else: a person's surname that NER calls a place ("the Japanese city of Obama") or that is part
of a longer name which is not a person's ("County Kerry") — and then everywhere in the article
(one sense per article: the headline "Festival Returns to Obama" is about the city too). In a
headline, where every word is capitalised, a weak name counts only if the body names the
actor too ("Talks at the Base" is not about al-Qaida).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from coalition.monitor.gazetteer import norm_key
from coalition.monitor.linking import Link, Linker
from coalition.monitor.ner import Span

_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s$")
SCHEMA_OF_LABEL = {"PER": "Person", "ORG": "Organization"}
MAX_NAME = 120


@dataclass
class Mention:
    """A name in an article: where, what it was recognised as, and what it links to."""

    start: int
    end: int
    text: str
    label: str  # PER, ORG
    origin: str  # alias, list, ner
    status: str  # linked, candidate, rejected
    name_key: str
    entity_id: str | None = None
    caption: str | None = None
    schema: str | None = None
    confidence: float = 0.0
    strong: bool = False

    def link_to(self, link: Link, *, strong: bool) -> None:
        self.entity_id, self.caption, self.schema = link.entity_id, link.caption, link.schema
        self.confidence = link.confidence
        self.status = "linked"
        self.strong = strong


@dataclass(frozen=True)
class Judgement:
    """An analyst's latest decision on a candidate name."""

    decision: str  # confirm, reject
    entity_id: str | None
    caption: str | None


def clean_name(text: str) -> str:
    name = " ".join(text.split())
    name = _LEADING.sub("", name)
    return _POSSESSIVE.sub("", name).strip(" .,;:\"'“”‘’()[]-–—")


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _read_otherwise(start: int, end: int, schema: str, spans: list[Span]) -> bool:
    """Whether NER reads the words of a weak hit on a person as something else: a place, or a
    longer name that is not a person's. (Organisations are left alone: NER often takes a
    group's name for a place.)"""
    if schema != "Person":
        return False
    for span in spans:
        if span.start < end and start < span.end:
            longer = span.start < start or span.end > end
            return span.label == "LOC" or (longer and span.label != "PER")
    return False


def find_mentions(text: str, spans: list[Span], linker: Linker,
                  judgements: dict[str, Judgement], headline_end: int = 0) -> list[Mention]:
    """Every linked or candidate mention in `text` (whose first `headline_end` characters are
    its headline), in reading order."""
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    hits = linker.gazetteer.find(text)
    # a headline capitalises every word: a weak name there counts only if the body has the actor
    in_body = {h.entry.target for h in hits if h.start >= headline_end}
    hits = [h for h in hits if h.start >= headline_end or h.entry.strong
            or h.entry.target in in_body]
    # one sense per article: a weak name NER reads otherwise once is read so everywhere in it
    otherwise = {(h.entry.target, norm_key(h.text)) for h in hits if not h.entry.strong
                 and _read_otherwise(h.start, h.end, h.entry.schema, spans)}
    for hit in hits:
        if _overlaps((hit.start, hit.end), taken):
            continue
        if not hit.entry.strong and (hit.entry.target, norm_key(hit.text)) in otherwise:
            continue
        link = linker.resolve(hit.entry)
        label = "PER" if link.schema == "Person" else "ORG"
        m = Mention(hit.start, hit.end, hit.text, label, hit.entry.origin, "linked",
                    norm_key(hit.text))
        m.link_to(link, strong=hit.entry.strong)
        if not hit.entry.strong:
            m.confidence = round(m.confidence * 0.7, 3)
        out.append(m)
        taken.append((hit.start, hit.end))
    surnames: dict[str, Mention] = {}
    for m in sorted(out, key=lambda m: m.start):
        if m.label == "PER" and len(m.name_key.split()) >= 2:
            surnames.setdefault(m.name_key.split()[-1], m)
    for span in sorted(spans, key=lambda s: s.start):
        if span.label not in SCHEMA_OF_LABEL or _overlaps((span.start, span.end), taken):
            continue
        name = clean_name(span.text)
        key = norm_key(name)
        if not key or len(name) > MAX_NAME or name == name.lower() or len(key) < 2:
            continue
        if any(key == other for _, other in otherwise):
            continue  # the word is read as something else in this article
        if name.isupper() and len(name) > 6:
            continue  # a dateline city (ANTALYA) or a shouted headline word, not a name
        offset = span.text.find(name)
        start = span.start + max(offset, 0)
        m = Mention(start, start + len(name), name, span.label, "ner", "candidate", key)
        words = key.split()
        judged = judgements.get(key)
        if judged and judged.decision == "reject":
            m.status = "rejected"
        elif judged and judged.entity_id:
            m.link_to(Link(judged.entity_id, judged.caption or name,
                           SCHEMA_OF_LABEL[span.label], 0.9, "judgement"), strong=len(words) > 1)
        elif len(words) == 1 and words[0] in surnames:
            full = surnames[words[0]]  # a surname alone (NER may call it ORG): the person
            m.label = "PER"
            m.status, m.name_key, m.caption = full.status, full.name_key, full.caption or full.text
            if full.entity_id:
                m.entity_id, m.caption, m.schema = full.entity_id, full.caption, full.schema
                m.confidence = round(full.confidence * 0.85, 3)
        else:
            found = linker.link_name(name, SCHEMA_OF_LABEL[span.label])
            if found:
                m.link_to(found, strong=len(words) > 1)
        if span.label == "PER" and len(words) >= 2:
            surnames.setdefault(words[-1], m)
        out.append(m)
        taken.append((m.start, m.end))
    out.sort(key=lambda m: m.start)
    return out
