"""Events from the dependency parse: who met whom, who said what, who called for what.

Each event keeps its evidence sentence, a date (the sentence's own date, a weekday resolved
against the article's date, or the article's date) and a place (a place governed by "in"/"at"
in the sentence, for meetings one in a neighbouring sentence about a participant, or the
agency dateline). Verbs are listed by inflected form (the pipeline runs without a lemmatiser).

Only the sentences that may state an event are parsed (sentences.py picks them, by the verbs
listed here); each comes as a `Piece`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coalition.monitor.article import Article
from coalition.monitor.datelines import WEEKDAYS, find_date, weekday_before
from coalition.monitor.mentions import Mention

MEET = {"met", "meet", "meets", "meeting", "talked", "talk", "talks", "spoke", "speak", "speaks",
        "discussed", "discuss", "discusses", "conferred", "negotiated", "hosted", "received"}
HOLD = {"held", "hold", "holds", "had"}
MEETING_NOUNS = {"talks", "conversations", "conversation", "meeting", "consultations", "call",
                 "discussions", "negotiations"}
SAY = {"said", "says", "say", "told", "tells", "stressed", "stresses", "added", "warned",
       "noted", "underscored", "recalled", "declared", "stated", "insisted", "argued",
       "announced", "confirmed", "criticized", "criticised"}
CALL = {"called", "calls", "call", "urged", "urges", "urge", "appealed", "demanded",
        "proposed", "proposes"}
NEEDS_WITH = {"talked", "talk", "talks", "spoke", "speak", "speaks", "conferred", "negotiated"}
PRONOUNS = {"he", "she"}
TRIGGERS = MEET | HOLD | SAY | CALL
VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"}
PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_VERBS = {"arrived", "arrives", "arrive", "visited", "visiting", "was", "were", "landed",
               "travelled", "traveled", "met", "held", "hosted"}
QUOTES = "\"“”«»"


@dataclass
class Event:
    """One thing that happened, with the sentence that says so."""

    kind: str  # met, said, called_for
    verb: str
    actor: str
    actor_id: str | None
    others: list[dict[str, str | None]] = field(default_factory=list)
    detail: str | None = None
    sentence: str = ""
    date: str | None = None
    when_text: str | None = None
    place: str | None = None

    @property
    def summary(self) -> str:
        names = " and ".join(str(o["name"]) for o in self.others)
        where = f" in {self.place}" if self.place else ""
        if self.kind == "met":
            if "telephone" in self.verb or "phone" in self.verb:
                return f"{self.actor} spoke by telephone with {names}{where}"
            return f"{self.actor} met {names}{where}"
        if self.kind == "called_for":
            return f"{self.actor} called for {self.detail}"
        return f"{self.actor} said: {self.detail}"


@dataclass(frozen=True)
class Piece:
    """A sentence of an article, parsed on its own: its number among the article's sentences,
    where it starts in the article text, and its spaCy Doc."""

    n: int
    offset: int
    doc: Any


class _Index:
    """Mentions found by character offset (in the article; `shift` is where the sentence being
    read starts)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = [m for m in mentions if m.status != "rejected"]
        self.last_actor: Mention | None = None
        self.shift = 0

    def at(self, offset: int) -> Mention | None:
        offset += self.shift
        for m in self.mentions:
            if m.start <= offset < m.end:
                return m
        return None

    def last_person_before(self, offset: int) -> Mention | None:
        offset += self.shift
        found = None
        for m in self.mentions:
            if m.start >= offset:
                break
            if m.label == "PER":
                found = m
        return found


def _name(m: Mention) -> str:
    return m.caption or m.text


def _party(m: Mention) -> dict[str, str | None]:
    return {"id": m.entity_id, "name": _name(m)}


def _expand(token: Any) -> list[Any]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out.extend(_expand(child))
    return out


def _mentions_of(tokens: list[Any], index: _Index) -> list[Mention]:
    found: list[Mention] = []
    for tok in tokens:
        m = index.at(tok.idx)
        if m is None and tok.text.lower() in PRONOUNS:
            m = index.last_actor if index.last_actor and index.last_actor.label == "PER" \
                else index.last_person_before(tok.idx)
        if m is None:
            # the head of "President Vladimir Putin" is Putin; of "the head of the CSTO", head
            for sub in tok.subtree:
                m = index.at(sub.idx) if sub.dep_ in ("compound", "appos", "pobj") else None
                if m:
                    break
        if m and all(m is not f for f in found):
            found.append(m)
    return found


def _with_objects(token: Any, depth: int = 0) -> list[Any]:
    """Objects of "with" under the verb, also behind "by telephone" or "talks": met with X,
    spoke by telephone with X, held talks with X."""
    out = []
    for child in token.children:
        if child.dep_ == "prep" and child.text.lower() == "with":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    out.extend(_expand(obj))
        elif depth < 3 and child.dep_ in ("prep", "agent", "pobj", "dobj", "npadvmod", "advmod"):
            out.extend(_with_objects(child, depth + 1))
    return out


def _place(sent: Any, verb: Any | None = None) -> str | None:
    """A place governed by "in"/"at" attached to `verb` (or, without a verb, to a verb of
    arriving or being somewhere)."""
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS or ent.root.dep_ != "pobj":
            continue
        prep = ent.root.head
        if prep.text.lower() not in ("in", "at"):
            continue
        head = prep.head
        if verb is not None and (head == verb or head.head == verb and head.dep_ == "dobj"):
            return str(ent.text)
        if verb is None and head.text.lower() in PLACE_VERBS:
            return str(ent.text)
    return None


def _when(sent: Any, article: Article) -> tuple[str | None, str | None]:
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        text = str(ent.text)
        exact = find_date(text)
        if exact:
            return exact, text
        for word in text.lower().split():
            if word in WEEKDAYS:
                return (weekday_before(article.date, word) if article.date else None), text
    return article.date, None


def _quote(sent: Any) -> str | None:
    text = sent.text
    opens = [i for i, ch in enumerate(text) if ch in QUOTES]
    if len(opens) >= 2:
        inner = text[opens[0] + 1:opens[-1]].strip(" ,.")
        if len(inner) > 3:
            return inner
    return None


def _clause(token: Any, deps: tuple[str, ...]) -> str | None:
    """The text of the token's children with these dependencies, as written (one span)."""
    children = [c for c in token.children if c.dep_ in deps]
    if not children:
        return None
    left = min(c.left_edge.i for c in children)
    right = max(c.right_edge.i for c in children)
    return str(token.doc[left:right + 1].text).strip()


def events_of(pieces: list[Piece], mentions: list[Mention], article: Article) -> list[Event]:
    """The events in the parsed sentences of an article (`article.full_text`), in order."""
    index = _Index(mentions)
    by_number = {p.n: p for p in pieces}
    events: list[Event] = []
    body_start = len(article.title) + 1 if article.title else 0
    for piece in pieces:
        sent = piece.doc[:]
        index.shift = piece.offset
        if piece.offset < body_start:
            continue  # headlines are not sentences: "Russia Calls for Joint Effort"
        for tok in sent:
            if tok.tag_ not in VERB_TAGS and tok.dep_ != "ROOT":
                continue
            form = tok.text.lower()
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects:
                continue
            actors = _mentions_of([t for s in subjects for t in _expand(s)], index)
            if not actors:
                continue
            if actors[0].label == "PER" and subjects[0].text.lower() not in PRONOUNS:
                index.last_actor = actors[0]
            event = None
            if form in MEET or form in HOLD:
                event = _meeting(tok, form, actors, sent, index)
            elif form in SAY:
                detail = _quote(sent) or _clause(tok, ("ccomp",))
                if detail:
                    event = Event("said", form, _name(actors[0]), actors[0].entity_id,
                                  detail=detail[:400])
            elif form in CALL:
                detail = None
                for child in tok.children:
                    if child.dep_ == "prep" and child.text.lower() == "for":
                        detail = _clause(child, ("pobj",))
                if form not in ("called", "calls", "call"):
                    detail = detail or _clause(tok, ("xcomp", "ccomp", "dobj"))
                if detail:
                    event = Event("called_for", form, _name(actors[0]), actors[0].entity_id,
                                  detail=detail[:400])
            if event is None:
                continue
            index.last_actor = actors[0]
            event.sentence = sent.text.strip()
            event.date, event.when_text = _when(sent, article)
            event.place = _place(sent, tok)
            if event.place is None and event.kind == "met":
                event.place = _nearby_place(by_number, piece.n, event, index)
            event.place = event.place or article.place
            events.append(event)
    return events


def _meeting(tok: Any, form: str, actors: list[Mention], sent: Any,
             index: _Index) -> Event | None:
    objects: list[Any] = []
    verb = form
    if form in HOLD:
        nouns = [c for c in tok.children if c.dep_ == "dobj" and c.text.lower() in MEETING_NOUNS]
        if not nouns:
            return None
        for noun in nouns:
            objects.extend(_with_objects(noun))
        verb = f"{form} {nouns[0].text.lower()}"
    else:
        objects.extend(_with_objects(tok))
        if form not in NEEDS_WITH:
            objects.extend(o for c in tok.children if c.dep_ == "dobj" for o in _expand(c))
    others = [m for m in _mentions_of(objects, index) if all(m is not a for a in actors)]
    parties = actors[1:] + others
    first = actors[0].entity_id or actors[0].text
    parties = [p for p in parties if (p.entity_id or p.text) != first]
    if not parties:
        return None
    if any(t.text.lower() in ("telephone", "phone") for t in sent):
        verb = f"{verb} by telephone"
    return Event("met", verb, _name(actors[0]), actors[0].entity_id,
                 others=[_party(p) for p in parties])


def _nearby_place(pieces: dict[int, Piece], n: int, event: Event, index: _Index) -> str | None:
    ids = {event.actor_id, *(o["id"] for o in event.others)} - {None}
    for k in (n - 1, n + 1):
        if k in pieces:
            piece = pieces[k]
            sent = piece.doc[:]
            lo, hi = piece.offset, piece.offset + len(piece.doc.text)
            here = {m.entity_id for m in index.mentions if lo <= m.start < hi}
            if ids & here:
                place = _place(sent, None)
                if place:
                    return place
    return None
