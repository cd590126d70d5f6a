"""Romanisation of names, word by word, with the script each word came from.

Cyrillic, Arabic (with Persian, Urdu and Pashto letters) and Hebrew use the tables in
data/scripts.yaml; Han characters read in pinyin (han.py; a word with kana is Japanese and
goes through anyascii), a person's name as pinyin writes it (family name, given name in one
word); Hangul in the Revised Romanization (hangul.py), one syllable per word as the lists
write Korean names;
every other script (Greek, Kana, Devanagari, Latin with diacritics…) goes through anyascii.
Abjad words (Arabic, Hebrew) are flagged: written without short vowels, they can only be
compared with Latin spellings through consonant keys. The other readings of Han and Hangul
names (Korean, McCune-Reischauer) are in readings.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

from coalition.names.han import MAX_PERSON_CHARACTERS, is_han, is_kana, pinyin
from coalition.names.hangul import is_hangul, romanise_hangul
from coalition.names.tables import letters

# Characters that separate words; apostrophes and the Arabic tatweel join (Ma'ruf -> maruf).
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_/\\.,;:!?()\[\]{}<>\"«»„“”|+&*#@=~^`·•]+")
_JOINERS = re.compile(r"['’‘ʼʻʿʾ`´\u0640\u200c\u200d\u200e\u200f]")
_HARAKAT = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Word:
    """One romanised word: lower-case ASCII letters and digits, and whether it was an abjad."""

    text: str
    abjad: bool = False
    script: str = "latin"


def script_of(ch: str) -> str:
    """The script family of one character, as far as romanisation cares."""
    cp = ord(ch)
    if cp < 0x250:
        return "latin"
    if 0x400 <= cp <= 0x52F or 0x1C80 <= cp <= 0x1C8F or 0x2DE0 <= cp <= 0x2DFF:
        return "cyrillic"
    if 0x600 <= cp <= 0x6FF or 0x750 <= cp <= 0x77F or 0xFB50 <= cp <= 0xFDFF \
            or 0xFE70 <= cp <= 0xFEFF or 0x8A0 <= cp <= 0x8FF:
        return "abjad"
    if 0x590 <= cp <= 0x5FF or 0xFB1D <= cp <= 0xFB4F:
        return "hebrew"
    if is_hangul(ch):
        return "hangul"
    if is_han(ch):
        return "han"
    if is_kana(ch):
        return "kana"
    return "other"


def _word_script(word: str) -> str:
    if word.isascii():
        return "latin"
    counts: dict[str, int] = {}
    for ch in word:
        if ch.isalnum():
            s = script_of(ch)
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "latin"
    return max(counts, key=lambda s: counts[s])


def _by_table(word: str, script: str) -> str:
    table = letters(script)
    out = []
    for ch in word:
        low = ch.lower()
        if low in table:
            out.append(table[low])
        else:
            out.append(anyascii(ch).lower())
    return "".join(out)


def _by_syllable(word: str, script: str, *, name_part: bool) -> str:
    """Hangul one syllable per part. Han in pinyin (han.py) as a person's name is written:
    a word of two to four characters that is the whole name as the family name and the
    given name in one (习近平 -> xi jinping, 倪高彬 -> ni gaobin), a word that is one part of
    a name as one word (王 小明 -> wang xiaoming), a longer run one syllable per part."""
    if script == "hangul":
        return romanise_hangul(word, system="rr")
    if all(is_han(c) for c in word) and len(word) <= MAX_PERSON_CHARACTERS:
        if name_part:
            return "".join(pinyin(word, family=False))
        family, *given = pinyin(word)
        return f"{family} {''.join(given)}"
    parts: list[str] = []
    run = ""
    for ch in word + " ":
        if is_han(ch):
            run += ch
            continue
        if run:
            parts.extend(pinyin(run))
            run = ""
        parts.append(anyascii(ch))
    return " ".join(parts)


def romanise_word(word: str, *, name_part: bool = False) -> Word | None:
    """One word in any script as lower-case ASCII; None when nothing readable is left.
    `name_part`: the word is one of several of a name (for Han: see `_by_syllable`)."""
    script = _word_script(word)
    if script in ("han", "kana") and any(is_kana(c) for c in word):
        script = "kana"
    if script == "abjad":
        # Presentation forms (ligatures) decompose to the base letters under NFKC.
        word = _HARAKAT.sub("", unicodedata.normalize("NFKC", word))
        text = _by_table(word, "abjad")
    elif script in ("cyrillic", "hebrew"):
        text = _by_table(word, script)
    elif script in ("han", "hangul"):
        text = _by_syllable(word, script, name_part=name_part).lower()
    elif script in ("other", "kana"):
        text = _CAMEL.sub(" ", anyascii(word)).lower()
    else:
        text = anyascii(word).lower()
    text = _NOT_ALNUM.sub(" ", text).strip()
    if not text:
        return None
    return Word(text, abjad=script in ("abjad", "hebrew"), script=script)


def romanise(name: str) -> list[Word]:
    """The words of a name, romanised; syllables of Han or Hangul become separate words."""
    name = _JOINERS.sub("", unicodedata.normalize("NFKC", name))
    words: list[Word] = []
    raws = [raw for raw in _SEPARATORS.split(name) if raw]
    several = sum(1 for raw in raws if any(is_han(c) for c in raw)) > 1
    for raw in raws:
        word = romanise_word(raw, name_part=several)
        if word is None:
            continue
        for part in word.text.split():
            words.append(Word(part, word.abjad, word.script))
    return words
