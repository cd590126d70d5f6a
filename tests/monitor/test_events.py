"""Events from the parse of text written for these tests."""

from __future__ import annotations

from coalition.monitor.article import Article
from coalition.monitor.linking import EntityIndex, Linker
from coalition.monitor.service import Monitor
from coalition.monitor.textclean import split_articles
from coalition.store import Store
from tests.monitor.conftest import GLUED


def test_meetings_calls_and_statements(sqlite_store: Store) -> None:
    monitor = Monitor(sqlite_store, index=EntityIndex(()))
    monitor.linker = Linker(EntityIndex(()))
    found = monitor.analyse(split_articles(GLUED, "glued.txt"), {})
    first, second = (item.events for item in found)
    met = [e for e in first if e.kind == "met"]
    assert [(e.actor, [o["name"] for o in e.others], e.place) for e in met] == [
        ("Elena Varga", ["Tomas Brandt"], "Novograd")]
    said = [e for e in first if e.kind == "said"]
    assert said and said[0].actor == "Elena Varga"
    assert said[0].detail == "We will share what we know"
    call = [e for e in second if e.kind == "met"]
    assert call[0].summary == "Karl Osterberg spoke by telephone with Anna Lind"
    assert call[0].date == "2015-03-05" and call[0].when_text == "Thursday"
    [called] = [e for e in second if e.kind == "called_for"]
    assert called.detail == "closer cooperation between border services"


def test_no_events_without_nlp(sqlite_store: Store) -> None:
    monitor = Monitor(sqlite_store, index=EntityIndex(()), nlp=False)
    [item] = monitor.analyse([Article("x", "T", "Karl Osterberg met Anna Lind in Paris.")], {})
    assert item.events == []


PRESS = """Council Session Opens

MOSCOW, September 9. /Example Agency/. The council cannot promise anything yet, Foreign \
Minister Elena Varga said on Tuesday after talks with Tomas Brandt.

Karl Osterberg spoke first at the session. Anna Lind stuck to her line on border services.

"We will share what we know," she said. The weather in the capital was mild and dry.
"""


def test_datelines_antecedents_and_which_sentences_are_parsed(sqlite_store: Store) -> None:
    from coalition.monitor import ner
    from coalition.monitor.sentences import to_parse

    monitor = Monitor(sqlite_store, index=EntityIndex(()))
    monitor.linker = Linker(EntityIndex(()))
    [art] = split_articles(PRESS, "press.txt")
    [item] = monitor.analyse([art], {})
    said = {e.actor: e.detail for e in item.events if e.kind == "said"}
    # the agency dateline is not part of what was said
    assert said["Elena Varga"] == "The council cannot promise anything yet"
    # "she" is the person named in the sentence before, not the last speaker
    assert said["Anna Lind"] == "We will share what we know"
    # only sentences that may state an event are parsed: not the title, not the weather
    [doc] = ner.read_english([art.full_text])
    chosen = [sent.text for _, sent in to_parse(doc, art.full_text, item.mentions)]
    assert chosen[0].startswith("The council cannot promise")
    assert not any("weather" in s or s.startswith("Council Session") for s in chosen)
    assert any(s.startswith("Anna Lind stuck") for s in chosen)  # the antecedent of "she"
