"""Hangul romanised syllable by syllable, in the systems the lists write Korean names in.

A Hangul syllable is a block of a leading consonant, a vowel and an optional final
consonant; Unicode numbers the 11,172 blocks so that the three parts are arithmetic on the
code point (`jamo`). Names on the lists are written one syllable to a word (KIM JONG UN,
RI SONG JIN, Kim Tong-Myong), in one of three spellings:

- `rr`: the Revised Romanization of South Korea (2000): 김정은 gim jeong eun, 박 bak.
- `mr`: McCune-Reischauer as the DPRK lists write it, without breves or apostrophes and
  with the initial form of each consonant: 김정은 kim jong un, 리송진 ri song jin,
  신금철 sin kum chol, 장범수 jang pom su. `mr(..., ch=True)` writes ㅈ as MR's ch
  (Chang Myong-Chin, Ri Che-son), the other spelling those lists use for it.
- the spellings South Korean families use for their surname (Lee, Park, Choi), from
  data/scripts.yaml `hangul_surnames`.

Voiced spellings inside a given name (Pak Bong Nam, Min Byong Chol) are one letter away
from the initial forms and meet them through edit similarity.
"""

from __future__ import annotations

import functools

from coalition.names.tables import hangul_surnames

_FIRST, _LAST = 0xAC00, 0xD7A3

# Leading consonants in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_LEAD_RR = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
            "k", "t", "p", "h")
_LEAD_MR = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch",
            "kh", "th", "ph", "h")
# Vowels: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
_VOWEL_RR = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
             "u", "wo", "we", "wi", "yu", "eu", "ui", "i")
_VOWEL_MR = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo",
             "u", "wo", "we", "wi", "yu", "u", "ui", "i")
# Final consonants, none first: ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ
# ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_TAIL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
         "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")

_LEAD_R, _LEAD_N, _LEAD_NONE = 5, 2, 11
_FRONT_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def is_hangul(ch: str) -> bool:
    """True for a precomposed Hangul syllable."""
    return _FIRST <= ord(ch) <= _LAST


def jamo(syllable: str) -> tuple[int, int, int]:
    """The leading consonant, vowel and final consonant of a syllable, as table indices."""
    index = ord(syllable) - _FIRST
    return index // 588, (index % 588) // 28, index % 28


def compose(lead: int, vowel: int, tail: int) -> str:
    return chr(_FIRST + lead * 588 + vowel * 28 + tail)


def initial_sound_law(syllable: str) -> str:
    """The syllable as South Korean spelling writes it at the start of a word (두음법칙):
    리 -> 이, 류 -> 유, 로 -> 노, 녀 -> 여; North Korean spelling keeps 리, 류, 로."""
    lead, vowel, tail = jamo(syllable)
    if lead == _LEAD_R:
        lead = _LEAD_NONE if vowel in _FRONT_VOWELS else _LEAD_N
    elif lead == _LEAD_N and vowel in _FRONT_VOWELS:
        lead = _LEAD_NONE
    return compose(lead, vowel, tail)


@functools.lru_cache(maxsize=20_000)
def rr(syllable: str) -> str:
    """One syllable in the Revised Romanization, final consonants as pronounced at the end
    of a word (박 bak, 석 seok, 철 cheol); a leading ㄹ is r (리 ri)."""
    lead, vowel, tail = jamo(syllable)
    return _LEAD_RR[lead] + _VOWEL_RR[vowel] + _TAIL[tail]


@functools.lru_cache(maxsize=20_000)
def mr(syllable: str, *, ch: bool = False) -> str:
    """One syllable in McCune-Reischauer as the lists write it: no breves, initial forms
    (김 kim, 박 pak, 철 chol, 은 un); ㅈ is j (Jong) or, with `ch`, ch (Chong)."""
    lead, vowel, tail = jamo(syllable)
    start = "ch" if ch and lead == 12 else _LEAD_MR[lead]
    return start + _VOWEL_MR[vowel] + _TAIL[tail]


def romanise_hangul(word: str, *, system: str = "rr") -> str:
    """A word of Hangul syllables, one romanised syllable per space-separated part; other
    characters are left in place for the caller."""
    parts: list[str] = []
    for ch in word:
        if not is_hangul(ch):
            parts.append(ch)
        elif system == "rr":
            parts.append(f" {rr(ch)} ")
        else:
            parts.append(f" {mr(ch, ch=system == 'mr-ch')} ")
    return " ".join("".join(parts).split())


def surname_spellings(syllable: str) -> tuple[str, ...]:
    """The spellings families use for a one-syllable surname (이: lee, yi, rhee, ri), from
    data/scripts.yaml; none for a syllable not listed there."""
    return hangul_surnames().get(syllable, ())
