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
    key = _PATTERN.sub(lambda m: _DIGRAPHS[m.group(0)], _final_h(token))
    return _DOUBLE.sub(r"\1", key.replace("C", "c"))


def _final_h(token: str) -> str:
    """A final h after a vowel is often not written (Hizballah / Хезболла, Abdullah /
    Abdulla, Fatimah / Fatima): it drops from the key."""
    if len(token) >= 4 and token.endswith("h") and token[-2] in "aeiou":
        return token[:-1]
    return token


_VOWEL_RUN = re.compile(r"[aeiouyw]+")


@functools.lru_cache(maxsize=200_000)
def shape_key(token: str) -> str:
    """The consonant key with each run of vowels (and w, y) kept as one `a`: where a word
    has vowels, not which. Two Latin spellings of one name agree on it (mohammed and
    muhammad give mahamad, zawahiri and zawahry zahara, yusuf and yousef asaf) far more
    often than two different names with the same consonants do (lukasi / aleksei,
    blaine / belan)."""
    key = _PATTERN.sub(lambda m: m.group(0) if m.group(0) in "aeiouyw"
                       else _DIGRAPHS[m.group(0)], _final_h(token))
    key = _VOWEL_RUN.sub("a", key.replace("C", "c"))
    return _DOUBLE.sub(r"\1", key)


_INTERVOCALIC_V = re.compile(r"(?<=[aeiouy])v(?=[aeiouy])")


def cyrillic_key_text(text: str) -> str:
    """A romanised Cyrillic word with its intervocalic v read as w, for its consonant and
    shape keys: Cyrillic writes w with в, so Завахири (zavakhiri) and Давуд (davud) meet
    Zawahiri and Dawud, whose w is a half-vowel the keys drop. A v next to a consonant or at
    either end of the word stays (Vladimir, Zhukov, Khabarov, Lavrov)."""
    return _INTERVOCALIC_V.sub("w", text)


def metaphone(token: str) -> str:
    """The Metaphone key of a Latin token (jellyfish)."""
    return str(jellyfish.metaphone(token)).lower()


# Latin and abjad spellings compared letter class by letter class: the letters a romanisation
# of Arabic, Persian or Urdu writes in more than one way share a class (ض is d in Arabic and
# z in Persian, ق is q, k or g, خ is kh, ch or h), vowels and the half-vowels w, y, v drop.
_ABJAD_CLASSES = {
    "dzh": "J", "tch": "C", "kh": "H", "sh": "S", "zh": "J", "dh": "D", "th": "T", "gh": "K",
    "ph": "F", "dj": "J", "ck": "K", "ts": "S", "ch": "?", "x": "H", "h": "H", "s": "S",
    "z": "D", "d": "D", "t": "T", "q": "K", "k": "K", "c": "K", "g": "K", "j": "J", "b": "B",
    "p": "B", "f": "F", "l": "L", "m": "M", "n": "N", "r": "R",
}
_ABJAD_PATTERN = re.compile("|".join(sorted(_ABJAD_CLASSES, key=len, reverse=True)) + "|.")
# Latin ch stands for kh (Barich), sh (Chouman) or ch (Chamran); abjad th (ث) for t or s.
_CH_READINGS = ("H", "S", "C")
_TH_READINGS = ("T", "S")


def _abjad_text(text: str) -> str:
    # romanised abjad writes ژ as j, so its zh is always ز or ظ followed by ه (zahra, zhwryan)
    return text.replace("zh", "z-h")


@functools.lru_cache(maxsize=200_000)
def abjad_keys(text: str, abjad: bool) -> tuple[str, ...]:
    """The letter-class keys a word is compared with an abjad word under: one, or two or
    three where the spelling reads more than one way (Latin ch, abjad th). A final plain h
    (ta marbuta, a Persian final he, a Latin -ah) drops on both sides."""
    classes: list[tuple[str, ...]] = []
    for m in _ABJAD_PATTERN.finditer(_abjad_text(text) if abjad else text):
        letter = _ABJAD_CLASSES.get(m.group(0))
        if letter is None:
            continue
        if letter == "?":
            classes.append(_CH_READINGS)
        elif letter == "T" and abjad and m.group(0) == "th":
            classes.append(_TH_READINGS)
        else:
            classes.append((letter,))
    if classes and text.endswith("h") and not text.endswith(("kh", "sh", "ch", "th", "dh",
                                                            "gh", "zh")):
        classes.pop()
    keys = [""]
    for options in classes:
        keys = [k + o for k in keys for o in options][:6]
    return tuple(dict.fromkeys(_DOUBLE.sub(r"\1", k) for k in keys))


_VOWEL_CLASSES = {"aa": "A", "a": "A", "ou": "U", "oo": "U", "o": "U", "u": "U", "w": "U",
                  "v": "U", "ee": "I", "ie": "I", "i": "I", "y": "I", "e": "E"}
_SKELETON = re.compile("|".join(sorted({*_ABJAD_CLASSES, *_VOWEL_CLASSES}, key=len,
                                       reverse=True)) + "|.")


@functools.lru_cache(maxsize=200_000)
def skeleton(text: str, abjad: bool) -> str:
    """Letter classes with the vowels kept (A, U, I; E for a Latin e, which may stand for
    either a or i; ? for a Latin ch), for checking that the long vowels an abjad writes
    (ا و ي) are where a Latin spelling has vowels: سلامی is Salami, not Salimi."""
    out: list[str] = []
    for m in _SKELETON.finditer(_abjad_text(text) if abjad else text):
        letter = _ABJAD_CLASSES.get(m.group(0)) or _VOWEL_CLASSES.get(m.group(0))
        if letter and not (out and out[-1] == letter):
            out.append(letter)
    return "".join(out)


def _same(abjad: str, latin: str) -> bool:
    return abjad == latin or (latin == "E" and abjad in "AI") or (latin == "?" and abjad in "HSC")


def long_vowels_agree(abjad: str, latin: str) -> bool:
    """True when the abjad word's letters, long vowels included, appear in order in the Latin
    word (a word-initial alif may carry any vowel)."""
    a, b = skeleton(abjad, True), skeleton(latin, False)
    if a[:1] in ("A", "I"):
        a = a[1:]
        b = b[1:] if b[:1] in ("A", "U", "I", "E") else b
    j = 0
    for ch in a:
        while j < len(b) and not _same(ch, b[j]):
            j += 1
        if j == len(b):
            return False
        j += 1
    return True
