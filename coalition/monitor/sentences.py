"""Which sentences of an article to parse: only those that may state an event.

The dependency parse costs about as much as NER, and most sentences of a news article state no
meeting, statement or call. `to_parse` reads the NER-only Doc (sentences from spaCy's senter)
and the article's mentions, and picks the sentences the events need, with any agency dateline
cut off the front.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

from coalition.monitor.datelines import dateline
from coalition.monitor.events import (
    CALL,
    HOLD,
    MEET,
    MEETING_NOUNS,
    PLACE_LABELS,
    PRONOUNS,
    SAY,
    TRIGGERS,
)
from coalition.monitor.mentions import Mention

SUBJECT_BEFORE, SUBJECT_AFTER = 12, 4  # tokens around a verb of saying where its subject stands
_AGENCY = re.compile(r"/[A-Z][A-Za-z\-]{1,20}/\.?\s+")  # "/TASS/. " left after a dateline


def to_parse(doc: Any, text: str, mentions: list[Mention]) -> list[tuple[int, Any]]:
    """The sentences (number, spaCy Span) of an unparsed article Doc (of `text`) worth
    parsing: a verb of meeting (or "held talks") with two parties, mentions or a pronoun; a
    verb of saying or calling for with a mention or a pronoun close enough to be its subject.
    Also, before a pronoun, the last sentence naming a person (the pronoun's antecedent is its
    subject), and around a meeting, the neighbouring sentences that name a place (the meeting's
    place may be there)."""
    flags = doc.to_array("SENT_START")
    bounds = [0, *(int(i) for i in (flags == 1).nonzero()[0] if i), len(doc)]
    sents = [_after_dateline(doc[a:b], text) for a, b in zip(bounds, bounds[1:], strict=False)
             if a < b]
    lower = doc.to_array("LOWER").tolist()
    watched = {doc.vocab.strings.add(w): w for w in TRIGGERS | PRONOUNS | MEETING_NOUNS}
    starts = [s.start for s in sents]
    with_place = {j for e in doc.ents if e.label_ in PLACE_LABELS
                  for j in [bisect_right(starts, e.start) - 1] if j >= 0 and e.end <= sents[j].end}
    live = sorted(m.start for m in mentions if m.status != "rejected")
    people = sorted(m.start for m in mentions if m.status != "rejected" and m.label == "PER")
    wanted: set[int] = set()
    for n, sent in enumerate(sents):
        words = {watched[i] for i in set(lower[sent.start:sent.end]) if i in watched}
        if not words & TRIGGERS:
            continue
        pronoun = bool(words & PRONOUNS)
        meeting = bool(words & MEET or words & HOLD and words & MEETING_NOUNS)
        if meeting and _count(live, sent.start_char, sent.end_char) + pronoun >= 2:
            wanted.add(n)
            wanted.update(k for k in (n - 1, n + 1) if k in with_place)
        elif words & (SAY | CALL) and _speaker_near(sent, live):
            wanted.add(n)
        else:
            continue
        if pronoun:
            before = [k for k in range(n - 1, max(n - 4, -1), -1)
                      if _count(people, sents[k].start_char, sents[k].end_char)]
            wanted.update(before[:1])
    return [(n, sents[n]) for n in sorted(wanted)]


def _count(starts: list[int], lo: int, hi: int) -> int:
    """How many of the (sorted) mention starts fall in [lo, hi)."""
    return bisect_left(starts, hi) - bisect_left(starts, lo)


def _speaker_near(sent: Any, starts: list[int]) -> bool:
    """Whether a mention or a pronoun stands where the subject of a verb of saying or calling
    can: up to SUBJECT_BEFORE tokens before it ("the head of the CSTO said") or SUBJECT_AFTER
    after it ("said Lavrov")."""
    for tok in sent:
        if tok.lower_ in SAY or tok.lower_ in CALL:
            lo = sent.doc[max(tok.i - SUBJECT_BEFORE, sent.start)]
            hi = sent.doc[min(tok.i + SUBJECT_AFTER, sent.end - 1)]
            if _count(starts, lo.idx, hi.idx + len(hi)):
                return True
            window = sent.doc[lo.i:hi.i + 1]
            if any(t.lower_ in PRONOUNS for t in window):
                return True
    return False


def _after_dateline(sent: Any, text: str) -> Any:
    """The sentence without the agency dateline it may begin with ("MOSCOW, April 9 (RIA
    Novosti) –"), which the sentence recogniser leaves attached."""
    head = text[sent.start_char:sent.start_char + 120]
    if not head[:2].isupper() and not head.startswith("/"):
        return sent
    found = dateline(head)
    agency = _AGENCY.match(head)
    if found is None and agency is None:
        return sent
    cut = sent.start_char + (found.end if found else agency.end() if agency else 0)
    for tok in sent:
        if tok.idx >= cut:
            return sent.doc[tok.i:sent.end]
    return sent
