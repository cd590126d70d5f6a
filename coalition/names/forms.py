"""A name analysed for matching: romanised tokens with their kind and consonant key.

`analyse("Sheikh Abd al-Rahman bin Muhammad")` gives the tokens `abdrahman`, `bin`,
`muhammad`: the title is dropped, the Abd compound joined, the connective made canonical and
the given name spelled one way. The same analysis runs on listed names and on queries, so
whatever a rule does to one side it does to the other.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import IntEnum

from coalition.names import arabic
from coalition.names.phonetic import consonant_key, cyrillic_key_text, shape_key
from coalition.names.tables import (
    correct_form_word,
    generic_org_words,
    given_names,
    honorifics,
    longest_org_form,
    org_forms,
)
from coalition.names.translit import Word, romanise

MAX_TOKENS = 24
# Scripts written a syllable to a character: their romanised syllables (an, un, bin, ben)
# are never an Arabic article or connective, nor a spelling of a given name.
SYLLABIC = frozenset({"han", "hangul"})


class Kind(IntEnum):
    """What a token is in its name; decides how much it weighs."""

    NAME = 0
    INITIAL = 1
    CONNECTIVE = 2
    LEGAL_FORM = 3
    GENERIC = 4


# How much a token of each kind counts in name similarity, relative to a name word.
KIND_WEIGHT = {Kind.NAME: 1.0, Kind.INITIAL: 0.3, Kind.CONNECTIVE: 0.2, Kind.LEGAL_FORM: 0.2,
               Kind.GENERIC: 0.3}


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: romanised text, consonant key, script family and kind."""

    text: str
    key: str
    abjad: bool = False
    kind: Kind = Kind.NAME
    shape: str = ""


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name ready for comparison: the original, its tokens and their concatenation."""

    original: str
    tokens: tuple[Token, ...]

    @property
    def compact(self) -> str:
        """The tokens written together: `JSC ARGUMENT` and `JSCARGUMENT` both give jscargument."""
        return "".join(t.text for t in self.tokens)

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens)


@functools.cache
def _titles() -> tuple[frozenset[str], frozenset[str]]:
    """The honorifics for Latin-script words, and those for abjad words (romanised)."""
    latin = frozenset(t for t in honorifics() if t.isascii())
    abjad = frozenset(w.text for t in honorifics() if not t.isascii() for w in romanise(t))
    return latin, abjad


def _drop_honorifics(words: list[Word]) -> list[Word]:
    latin, abjad = _titles()
    kept = [w for w in words if w.text not in (abjad if w.abjad else latin)]
    return kept or words


def _legal_forms(words: list[Word]) -> list[tuple[Word, Kind]]:
    """Legal-form words become their code, also with one typo in each word of five letters
    or more (Cmopany, LIMITEk LIABILITd) where the corrected words spell a form."""
    forms = org_forms()
    longest = longest_org_form()
    texts = [w.text for w in words]
    fixed = [correct_form_word(t) or t for t in texts]
    out: list[tuple[Word, Kind]] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            code = forms.get(tuple(texts[i:i + size])) or forms.get(tuple(fixed[i:i + size]))
            if code is not None and len(words) > size:
                out.append((Word(code), Kind.LEGAL_FORM))
                i += size
                break
        else:
            out.append((words[i], Kind.NAME))
            i += 1
    return out


def _arabic_rules(items: list[tuple[Word, Kind]]) -> list[tuple[Word, Kind]]:
    out: list[tuple[Word, Kind]] = []
    i = 0
    while i < len(items):
        word, kind = items[i]
        nxt = items[i + 1][0].text if i + 1 < len(items) else None
        text = word.text
        if kind == Kind.NAME and word.script not in SYLLABIC:
            if arabic.is_article(text, nxt) and not word.abjad:
                i += 1
                continue
            if text in arabic.CONNECTIVES and (text != "ben" or out) and nxt is not None:
                out.append((Word("bin"), Kind.CONNECTIVE))
                i += 1
                continue
            if text == "ben" and out and nxt is not None:
                out.append((Word("bin"), Kind.CONNECTIVE))
                i += 1
                continue
            if text in arabic.ABU:
                out.append((Word("abu"), Kind.NAME))
                i += 1
                continue
            if text in arabic.ABD_WORDS and nxt is not None:
                j = i + 1
                if not word.abjad and j + 1 < len(items) and \
                        arabic.is_article(items[j][0].text, items[j + 1][0].text):
                    j += 1
                rest = arabic.strip_joined_article(items[j][0].text, items[j][0].abjad)
                prefix = "bd" if word.abjad else "abd"
                out.append((Word(prefix + rest, word.abjad, word.script), Kind.NAME))
                i = j + 1
                continue
        out.append((word, kind))
        i += 1
    return out


def _token(word: Word, kind: Kind) -> Token:
    text = word.text
    canonical = None
    if kind == Kind.NAME and word.script not in SYLLABIC:
        names = given_names()
        canonical = names.get(text)
        if canonical is None and not word.abjad:
            rest = arabic.split_abd(text)
            if rest is not None:
                text = "abd" + arabic.strip_joined_article(rest, False)
            else:
                text = arabic.strip_joined_article(text, False)
            canonical = names.get(text)
        elif canonical is None:
            text = arabic.split_abjad_abd(text) or arabic.strip_joined_article(text, True)
        text = canonical or text
        if len(text) == 1 and text.isalpha():
            kind = Kind.INITIAL
    abjad = word.abjad and text not in given_names()
    spelled = cyrillic_key_text(text) if word.script == "cyrillic" and not canonical else text
    return Token(text, consonant_key(spelled), abjad, kind, "" if abjad else shape_key(spelled))


def _generic_words(items: list[tuple[Word, Kind]]) -> list[tuple[Word, Kind]]:
    """An organisation's generic words (group, front, movement, islamic… in any language the
    table spells them in) become their code, of kind GENERIC."""
    table = generic_org_words()
    out: list[tuple[Word, Kind]] = []
    for word, kind in items:
        code = table.get(word.text) if kind == Kind.NAME else None
        out.append((Word(code), Kind.GENERIC) if code is not None else (word, kind))
    return out


def analyse(name: str, *, organisation: bool = True) -> NameForm:
    """The tokens of a name; `organisation=False` leaves legal-form words alone (persons)."""
    words = _drop_honorifics(romanise(name))[:MAX_TOKENS]
    items = _legal_forms(words) if organisation else [(w, Kind.NAME) for w in words]
    items = _arabic_rules(items)
    if organisation:
        items = _generic_words(items)
    return NameForm(name, tuple(_token(w, k) for w, k in items))
