"""Acronyms of organisation names: the initials that groups are known by (IRGC, ISIL).

`acronym(tokens)` writes the first letter of each name word of an analysed organisation name,
leaving out the small words that acronyms skip in the languages of the lists (of, the, and,
in, de, la, wa, fi, e…), legal forms and connectives. Only names of three name words or more
give one, and only one of three to six letters: `Islamic Revolutionary Guard Corps` gives
`irgc`, `Islamic State in Iraq and the Levant` gives `isil`.
"""

from __future__ import annotations

from collections.abc import Sequence

from coalition.names.forms import Kind, Token
from coalition.names.tables import acronym_skips

MIN_LETTERS = 3
MAX_LETTERS = 6


def acronym(tokens: Sequence[Token]) -> str | None:
    """The initials of an organisation's name words, or None when the name has fewer than
    three of them or more than six."""
    skip = acronym_skips()
    words = [t.text for t in tokens if t.kind in (Kind.NAME, Kind.GENERIC) and not t.abjad and
             t.text not in skip and t.text[:1].isalpha()]
    if not MIN_LETTERS <= len(words) <= MAX_LETTERS:
        return None
    return "".join(w[0] for w in words)


def looks_like_acronym(tokens: Sequence[Token]) -> bool:
    """A query that may be an acronym: one Latin word of three to six letters."""
    return len(tokens) == 1 and not tokens[0].abjad and tokens[0].kind == Kind.NAME and \
        MIN_LETTERS <= len(tokens[0].text) <= MAX_LETTERS and tokens[0].text.isalpha()
