"""Facts about the shape of a name text: its script, its acronyms, its brackets.

Pure functions the splitter asks before cutting a published value into names: which script
most letters are written in, whether one text is the acronym of another, where a trailing
parenthesis opens, and where separators sit outside brackets and quotes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_WORD_BREAK = re.compile(r"[\s\-‐‑–—/’'‘`.]+")
_ACRONYM_CHARS = re.compile(r"^[^\W_][\w\-/.& ]*$")
_OPEN = "([{"
_CLOSE = ")]}"


def script_of(text: str) -> str | None:
    """The Unicode script most letters of `text` are written in (LATIN, ARABIC, CJK…); None
    when it has no letters."""
    scripts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            scripts[unicodedata.name(ch, "UNKNOWN").split()[0]] += 1
    return scripts.most_common(1)[0][0] if scripts else None


def scripts_differ(a: str, b: str) -> bool:
    """True when both texts have letters and most of them are in different scripts."""
    sa, sb = script_of(a), script_of(b)
    return sa is not None and sb is not None and sa != sb


def initials(text: str) -> list[str]:
    """The first letter of each word, upper-cased; hyphens, slashes and apostrophes end words
    too, so `Al-Qaida` gives A, Q and `Lord’s` gives L, S."""
    return [w[0].upper() for w in _WORD_BREAK.split(text) if w and w[0].isalpha()]


def is_acronym_of(short: str, long: str) -> bool:
    """True when `short` is an acronym of `long`: 2 to 10 capital letters (digits, `-`, `/`,
    `.`, `&` and one space allowed), the first of them the initial of one of the first two
    words, all of them initials of `long`'s words in order (words may be skipped: `AQMI` is
    Al Qaïda au Maghreb islamique, `GSPC` Le Groupe Salafiste pour la Prédication et le
    Combat). A word such as `(MARTYRS)` or `(UKRAINE)` after a name is no acronym of it."""
    short = short.strip()
    letters = [c for c in short if c.isalpha()]
    if not 2 <= len(letters) <= 10 or any(c.islower() for c in letters):
        return False
    if not _ACRONYM_CHARS.match(short) or len(short.split()) > 2:
        return False
    heads = initials(long)
    if len(heads) < 2 or letters[0] not in heads[:2]:
        return False
    pos = 0
    for letter in letters:
        while pos < len(heads) and heads[pos] != letter:
            pos += 1
        if pos == len(heads):
            return False
        pos += 1
    return True


def trailing_group(text: str) -> tuple[str, str] | None:
    """(text before, text inside) when `text` ends with a balanced parenthesis, else None."""
    text = text.rstrip()
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                return text[:i].rstrip(), text[i + 1:-1].strip()
    return None


def split_outside(text: str, sep: re.Pattern[str]) -> list[str]:
    """`text` cut at each match of `sep` that lies outside brackets; pieces stripped."""
    pieces: list[str] = []
    depth = start = 0
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            m = sep.match(text, pos)
            if m and m.end() > pos:
                pieces.append(text[start:pos])
                start = pos = m.end()
                continue
        pos += 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces]


def script_runs(text: str) -> list[tuple[str, str]]:
    """(script, words) runs of consecutive words written in the same script."""
    runs: list[tuple[str, list[str]]] = []
    for word in text.split():
        script = script_of(word)
        if script is None and runs:
            runs[-1][1].append(word)
            continue
        if runs and runs[-1][0] == script:
            runs[-1][1].append(word)
        else:
            runs.append((script or "", [word]))
    return [(s, " ".join(w)) for s, w in runs]


def word_count(text: str) -> int:
    """Words holding at least one letter."""
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))
