"""Han characters read as Chinese (pinyin) and as Korean (Hanja readings in Hangul).

A name in Han characters does not say which language it is in: 王小明 is a Chinese name,
金正恩 and 姜文吉 are Korean names in Hanja (Kim Jong Un, Kang Mun Kil). Both readings are
given, and the lists' Latin spellings meet whichever is right.

- `pinyin`: the Mandarin reading of each character (pypinyin, which picks the reading of a
  character with several from the words around it), without tones, ü as u; the first
  character of a name reads as a family name where that differs (单 shan, 曾 zeng).
- `hanja_hangul`: the Korean reading of each character (the table of the `hanja` package),
  金 as the family name 김; North Korean spelling (리, 룡: Ri, Ryong) and the South's, which
  applies the initial-sound law at the start of the family and the given name (이, 용). The
  `hanja` package is an optional extra (`coalition[korean]`): without it a Han name is read
  as Chinese only.
"""

from __future__ import annotations

import functools
import importlib
import unicodedata
from typing import Any

from anyascii import anyascii

from coalition.names.hangul import initial_sound_law
from coalition.names.tables import han_surnames, hanja_surnames

MAX_PERSON_CHARACTERS = 4


def is_han(ch: str) -> bool:
    """True for a CJK unified or compatibility ideograph."""
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3134F or cp == 0x3007)


def is_kana(ch: str) -> bool:
    """True for Hiragana, Katakana (with its extensions) and half-width Katakana."""
    cp = ord(ch)
    return 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F


@functools.cache
def _pypinyin() -> Any:
    return importlib.import_module("pypinyin")


@functools.lru_cache(maxsize=50_000)
def pinyin(word: str, *, family: bool = True) -> list[str]:
    """The syllables of a run of Han characters in pinyin, lower case, one per character;
    with `family` the first reads as a family name where that differs (单雄信 -> shan xiong
    xin)."""
    module = _pypinyin()
    syllables = module.lazy_pinyin(word, style=module.Style.NORMAL, v_to_u=True,
                                   errors=lambda chars: [anyascii(c) for c in chars])
    out = [anyascii(str(s)).lower() for s in syllables]
    surname = han_surnames().get(word[:1]) if family else None
    if surname is not None and out:
        out[0] = surname
    return out


@functools.cache
def _hanja_table() -> dict[str, str] | None:
    try:
        module = importlib.import_module("hanja.table")
    except ImportError:
        return None
    table: dict[str, str] = module.hanja_table
    return table


def hanja_available() -> bool:
    """True when the `hanja` package (the Korean readings of Han characters) is installed."""
    return _hanja_table() is not None


def person_characters(name: str) -> str | None:
    """The Han characters of a name written in Han characters only (spaces and a middle
    dot aside) and short enough to be a person's (2 to 4); None for anything else."""
    chars = "".join(c for c in unicodedata.normalize("NFKC", name) if not c.isspace()
                    and c not in "·・‧")
    if 2 <= len(chars) <= MAX_PERSON_CHARACTERS and all(is_han(c) for c in chars):
        return chars
    return None


def hanja_hangul(chars: str) -> tuple[str, str] | None:
    """The Korean reading of a name in Hanja, as North and as South Korean spelling writes
    it (李龍海 -> 리룡해, 이용해); None where the `hanja` package is missing or a character
    has no Korean reading."""
    table = _hanja_table()
    if table is None:
        return None
    syllables: list[str] = []
    for i, ch in enumerate(chars):
        reading = (hanja_surnames().get(ch) if i == 0 else None) or table.get(ch)
        if reading is None or len(reading) != 1:
            return None
        syllables.append(reading)
    north = "".join(syllables)
    south = "".join(initial_sound_law(s) if i < 2 else s for i, s in enumerate(syllables))
    return north, south
