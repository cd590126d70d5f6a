"""Alternative readings: the other Latin spellings of a name in a script that reads several ways.

`romanise` gives one Latin form of every name. A few scripts have more than one that the lists
use, and one form cannot meet them all:

- Han characters: Chinese (the pinyin `romanise` gives: 倪高彬 -> ni gaobin, the way the
  lists write Gaobin NI) or Korean (Hanja: 金正恩 -> 김정은 -> kim jongun). Both keep the
  given name in one word: which language a Han name is in is a guess, and a guess spelled
  syllable by syllable would meet any name whose short syllables are each a letter or a
  consonant key away (jin zheng en is not jiang wen ji, wang so myong not HWANG Pyong So),
  while the lists' KIM Jong Un and Jiang Wen-ji still meet kim jongun and jiang wenji
  written without spaces.
- Hangul: McCune-Reischauer as the DPRK lists write it (kim jong un, with ㅈ as j or ch),
  the Revised Romanization (gim jeong eun, which `romanise` gives) and the spellings families
  use for their surname (Lee, Park, Choi) with the given name in the Revised Romanization.

`readings(name)` is the extra spellings, each a plain Latin string to analyse like any name;
none for a name in any other script (Cyrillic, Arabic and the rest have one romanisation,
their spelling variants meet through consonant keys). The function is pure and cached; the
screening engine analyses the readings of a query next to the query's own names, and lists
the readings of a listed name as further names of its entity.
"""

from __future__ import annotations

import functools
import unicodedata

from coalition.names import hangul
from coalition.names.han import hanja_hangul, is_han, is_kana, person_characters
from coalition.names.translit import romanise

MAX_SURNAME_SPELLINGS = 2
MAX_PERSON_SYLLABLES = 4


def _hangul_person(name: str) -> tuple[str, list[str]] | None:
    """The surname syllable and given-name syllables of a short all-Hangul name (김정은,
    김 정은), or None."""
    words = name.split()
    syllables = "".join(words)
    if not (2 <= len(syllables) <= MAX_PERSON_SYLLABLES and len(words) <= 2
            and all(hangul.is_hangul(c) for c in syllables)):
        return None
    if len(words) == 2 and len(words[0]) > 1:
        return None  # a two-syllable surname: no single-syllable spelling table applies
    return syllables[0], list(syllables[1:])


def mr_readings(name: str) -> list[str]:
    """A Hangul name in McCune-Reischauer, ㅈ as j and as ch (kim jong un, kim chong un)."""
    return list(dict.fromkeys([hangul.romanise_hangul(name, system="mr"),
                               hangul.romanise_hangul(name, system="mr-ch")]))


def rr_readings(name: str) -> list[str]:
    """A Hangul name in the Revised Romanization, and with the family's own spelling of the
    surname before the given name in it (김정은: gim jeong eun, kim jeong eun)."""
    out = [hangul.romanise_hangul(name, system="rr")]
    person = _hangul_person(name)
    if person is not None:
        surname, given = person
        rest = " ".join(hangul.rr(s) for s in given)
        for spelling in hangul.surname_spellings(surname)[:MAX_SURNAME_SPELLINGS]:
            out.append(f"{spelling} {rest}")
    return out


def _han_readings(name: str) -> list[str]:
    chars = person_characters(name)
    if chars is None:
        return []
    out: list[str] = []
    korean = hanja_hangul(chars)
    if korean is not None:
        north, south = korean
        out.extend(_given_joined(r) for r in mr_readings(north) + rr_readings(south))
    return out


def _given_joined(reading: str) -> str:
    """A reading with its given name as one word (wang xiao ming -> wang xiaoming)."""
    surname, *given = reading.split()
    return f"{surname} {''.join(given)}" if given else surname


@functools.lru_cache(maxsize=20_000)
def readings(name: str) -> tuple[str, ...]:
    """The extra Latin spellings of a name in Han characters or Hangul (see the module
    docstring); empty for a name in any other script and for a Japanese name (kana)."""
    name = unicodedata.normalize("NFKC", name).strip()
    has_han = any(is_han(c) for c in name)
    has_hangul = any(hangul.is_hangul(c) for c in name)
    if not (has_han or has_hangul) or any(is_kana(c) for c in name):
        return ()
    found = _han_readings(name) if has_han else mr_readings(name) + rr_readings(name)
    plain = " ".join(w.text for w in romanise(name))
    return tuple(r for r in dict.fromkeys(found) if r and r != plain)
