"""The writing system a name is spelled in, as shown next to each name in a dossier."""

from __future__ import annotations

import unicodedata

# Unicode character-name prefixes that are not the script's common English name.
_NAMES = {"CJK": "Han", "HANGUL": "Hangul", "HIRAGANA": "Japanese", "KATAKANA": "Japanese"}


def script_label(text: str) -> str:
    """The script of most of the letters in `text` (Latin, Arabic, Cyrillic, Han…)."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        word = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
        label = _NAMES.get(word, word.title())
        counts[label] = counts.get(label, 0) + 1
    if not counts:
        return "—"
    return max(sorted(counts), key=lambda k: counts[k])
