"""How little a frequent name word says: the population side of a word's weight.

The lists alone tell how many listed entities carry a word, not how many people do: a
surname held by millions (Wang, Kim, Nguyen, Smith, Ivanov, Khan, Mohammed) can be rare on
the lists and so look telling, and a query made of such words then matches listed people it
has nothing to do with. `population_cap(word)` bounds a word's specificity by its frequency
in the population (data/common_names.yaml: one table for every naming tradition, by frequency
alone): `VERY_COMMON` for names about one person in a hundred carries, `COMMON` for about one
in a thousand, 1 for every other word. Screening weighs a word by the smaller of this and
its specificity on the lists.
"""

from __future__ import annotations

import functools

from coalition.names.forms import analyse
from coalition.names.tables import load_table

VERY_COMMON = 0.13
COMMON = 0.25
_TIERS = {"very": VERY_COMMON, "common": COMMON}


@functools.cache
def _caps() -> dict[str, float]:
    out: dict[str, float] = {}
    for tier, groups in load_table("common_names.yaml").items():
        cap = _TIERS[str(tier)]
        for group in groups:
            for name in group:
                for token in analyse(str(name), organisation=False).tokens:
                    for form in _forms(token.text):
                        out[form] = min(cap, out.get(form, 1.0))
    return out


_FEMININE = (("sky", "skaya"), ("skiy", "skaya"), ("ov", "ova"), ("ev", "eva"), ("yov", "yova"),
             ("in", "ina"))


def _forms(word: str) -> tuple[str, ...]:
    """A surname and its feminine form where the language inflects it (Ivanov / Ivanova,
    Lebedev / Lebedeva, Nikolsky / Nikolskaya)."""
    for male, female in _FEMININE:
        if word.endswith(male) and len(word) > len(male) + 2:
            return word, word[: len(word) - len(male)] + female
    return (word,)


@functools.lru_cache(maxsize=100_000)
def population_cap(word: str) -> float:
    """The most a name word (romanised, as analysed) can weigh for how common it is. A word
    written as two frequent names joined (Xiaoming, Jongun: given names of two syllables are
    often written as one word) weighs what the two weigh together."""
    caps = _caps()
    cap = caps.get(word)
    if cap is not None:
        return cap
    joined = 1.0
    for i in range(2, len(word) - 1):
        head, tail = caps.get(word[:i]), caps.get(word[i:])
        if head is not None and tail is not None:
            joined = min(joined, head + tail)
    return joined
