"""Consonant keys: the phonetic key that lets spellings of one name meet across scripts.

Names from Arabic, Persian, Pashto, Urdu or Somali reach the lists through many Latin
spellings (Muhammad, Mohammed, Mohamad…) and, in Arabic script, without short vowels at all.
What the spellings share is their consonant skeleton. `consonant_key` maps the digraphs the
romanisation conventions disagree on to one letter (kh/h, sh/s, th/t, dh/d, zh/dj/j, q/k, c/k,
p/b), drops vowels and the half-vowels w and y (which stand for long vowels in Arabic and
for vowel glides in Latin), and collapses doubled letters:

    muhammad, mohammed, mohamad, محمد  -> mhmd
    husayn, hussein, hossein, حسين     -> hsn
    zawahiri, al-zawahry, ظواهري        -> zhr

The same rule serves Cyrillic romanisations (Iurii/Yury/Juri), where the vowel letters differ
between systems. `metaphone` is jellyfish's, for Latin names of European origin.
"""

from __future__ import annotations

import functools
import re

import jellyfish

_DIGRAPHS = {
    "dzh": "j", "dj": "j", "zh": "j", "kh": "h", "gh": "g", "sh": "s", "tch": "C", "ch": "C",
    "th": "t", "dh": "d", "ph": "f", "ck": "k", "ts": "C", "tz": "C", "q": "k", "c": "k",
    "x": "ks", "p": "b", "a": "", "e": "", "i": "", "o": "", "u": "", "y": "", "w": "",
}
_PATTERN = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=200_000)
def consonant_key(token: str) -> str:
    """The consonant skeleton of a romanised token (lower-case ASCII); may be empty."""
    key = _PATTERN.sub(lambda m: _DIGRAPHS[m.group(0)], token)
    return _DOUBLE.sub(r"\1", key.replace("C", "c"))


_VOWEL_RUN = re.compile(r"[aeiouyw]+")


@functools.lru_cache(maxsize=200_000)
def shape_key(token: str) -> str:
    """The consonant key with each run of vowels (and w, y) kept as one `a`: where a word
    has vowels, not which. Two Latin spellings of one name agree on it (mohammed and
    muhammad give mahamad, zawahiri and zawahry zahara, yusuf and yousef asaf) far more
    often than two different names with the same consonants do (lukasi / aleksei,
    blaine / belan)."""
    key = _PATTERN.sub(lambda m: m.group(0) if m.group(0) in "aeiouyw"
                       else _DIGRAPHS[m.group(0)], token)
    key = _VOWEL_RUN.sub("a", key.replace("C", "c"))
    return _DOUBLE.sub(r"\1", key)


def metaphone(token: str) -> str:
    """The Metaphone key of a Latin token (jellyfish)."""
    return str(jellyfish.metaphone(token)).lower()
