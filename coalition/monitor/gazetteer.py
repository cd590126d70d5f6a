"""The gazetteer: curated aliases of well-known actors (aliases.yaml) and the list's own names,
found in text by longest token match.

Acronyms (capitals, up to 6 letters: ISIS, NATO, ФСБ) match case-sensitively; other aliases
case-insensitively, but never on an all-lowercase span ("the base" is not "The Base"). A
single-word alias, or one declared weak, is a weak mention: it never alerts on its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

import yaml

_TOKEN = re.compile(r"\w+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Actor:
    """A well-known group, body or person from the curated table."""

    id: str
    caption: str
    schema: str
    listed: tuple[str, ...]
    aliases: tuple[str, ...]
    strong: frozenset[str]
    weak: frozenset[str]


@dataclass(frozen=True)
class Entry:
    """One name the gazetteer looks for, and what it stands for."""

    target: str  # an Actor id, or a list entity id
    caption: str
    schema: str
    alias: str
    strong: bool
    origin: str  # "alias" (curated) or "list"


@dataclass(frozen=True)
class Hit:
    """A gazetteer name found in a text, with its character offsets."""

    start: int
    end: int
    text: str
    entry: Entry


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_acronym(alias: str) -> bool:
    letters = _LETTER.findall(alias)
    return 0 < len(letters) <= 6 and alias.upper() == alias and " " not in alias.strip()


def norm_key(name: str) -> str:
    """Casefolded words of a name, for equality across punctuation and hyphens."""
    return " ".join(t.casefold() for t, _, _ in tokens(name))


@functools.cache
def curated() -> tuple[Actor, ...]:
    """The curated table, read from aliases.yaml."""
    data = yaml.safe_load(resources.files(__package__).joinpath("aliases.yaml").read_text("utf-8"))
    actors = []
    for row in data["groups"]:
        actors.append(Actor(row["id"], row["caption"], row["schema"], tuple(row.get("listed", ())),
                            tuple(row["aliases"]), frozenset(row.get("strong", ())),
                            frozenset(row.get("weak", ()))))
    for row in data["people"]:
        actors.append(Actor(row["id"], row["caption"], "Person", tuple(row.get("listed", ())),
                            tuple(row["aliases"]), frozenset(row.get("strong", ())),
                            frozenset(row.get("weak", ()))))
    return tuple(actors)


def actor_entries(actors: Iterable[Actor]) -> list[Entry]:
    entries = []
    for actor in actors:
        for alias in actor.aliases:
            single = len(tokens(alias)) == 1
            strong = alias in actor.strong or (not single and alias not in actor.weak)
            entries.append(Entry(actor.id, actor.caption, actor.schema, alias, strong, "alias"))
    return entries


class Gazetteer:
    """Finds every entry's alias in a text; the longest match at a position wins."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._exact: dict[tuple[str, ...], list[Entry]] = {}
        self._folded: dict[tuple[str, ...], list[Entry]] = {}
        self._lengths: dict[str, set[int]] = {}
        self.size = 0
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        words = [t for t, _, _ in tokens(entry.alias)]
        if not words:
            return
        if is_acronym(entry.alias):
            key, table = tuple(words), self._exact
        else:
            key, table = tuple(w.casefold() for w in words), self._folded
        bucket = table.setdefault(key, [])
        if any(e.target == entry.target for e in bucket):
            return
        bucket.append(entry)
        self._lengths.setdefault(key[0].casefold(), set()).add(len(key))
        self.size += 1

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping hits, left to right, the longest name at each position."""
        toks = tokens(text)
        folded = [t.casefold() for t, _, _ in toks]
        hits: list[Hit] = []
        i = 0
        while i < len(toks):
            lengths = self._lengths.get(folded[i])
            matched = 0
            if lengths:
                for n in sorted(lengths, reverse=True):
                    if i + n > len(toks):
                        continue
                    found = self._match(text, toks, folded, i, n)
                    if found:
                        hits.extend(found)
                        matched = n
                        break
            i += matched or 1
        return hits

    def _match(self, text: str, toks: list[tuple[str, int, int]], folded: list[str],
               i: int, n: int) -> list[Hit]:
        start, end = toks[i][1], toks[i + n - 1][2]
        span = text[start:end]
        entries = list(self._exact.get(tuple(t for t, _, _ in toks[i:i + n]), ()))
        folded_entries = self._folded.get(tuple(folded[i:i + n]), ())
        if folded_entries and span != span.lower():
            entries.extend(folded_entries)
        elif folded_entries and not any(ch.isupper() or ch.islower() for ch in span):
            entries.extend(folded_entries)  # caseless scripts (Arabic)
        return [Hit(start, end, span, e) for e in entries]


def curated_gazetteer() -> Gazetteer:
    return Gazetteer(actor_entries(curated()))
