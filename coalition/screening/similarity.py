"""Name similarity: token against token, then name against name by aligning their tokens.

Token similarity is 1 for the same romanised spelling, 0.9 for the same consonant key of three
letters or more (two spellings of one name, or a Latin spelling and an Arabic-script one; 0.75
for a shorter key, which many names share) where two Latin spellings also have their vowels in
the same places (`shape_key`; 0.6 where they do not: lukasi / aleksei, Bushra / Bashar),
otherwise an edit similarity of the spellings (`edit_similarity`) (of the consonant keys
when one side is in an abjad, which writes no short vowels). Initials match the first letter at 0.7.

A name is compared with another by pairing their tokens greedily, best pair first, in any
order (name-part order differs between lists), then weighing each token by how specific it is
(`specificity`: a word that occurs under thousands of listed entities says less than one that
occurs under two) and by its kind (legal forms and connectives weigh little). Tokens left
unpaired count against the score, those of the listed name less than those of the query
(a query often omits a middle name, rarely adds one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import OSA, Levenshtein

from coalition.names.forms import KIND_WEIGHT, Kind, Token
from coalition.names.phonetic import abjad_keys, long_vowels_agree, skeleton

KEY_MATCH = 0.9
SHAPE_MISMATCH = 0.6
ABJAD_MATCH = (0.5, 0.75, 0.85, 0.95)
VOWEL_MISMATCH = 0.3
SHORT_KEY_MATCH = 0.75
INITIAL_MATCH = 0.7
MIN_TOKEN_SIMILARITY = 0.7
UNPAIRED_LISTED_WEIGHT = 0.35
COMPACT_MIN = 0.9
EDIT_PENALTY = 0.8
ONE_EDIT_PENALTY = 0.6


def specificity(df: int) -> float:
    """How much a name word identifies: 1 for a word under one entity, falling with the log
    of the number of entities that carry it (0.33 at 60, 0.19 at 4,000)."""
    return 1.0 / (1.0 + math.log(max(df, 1)) / 2.0)


def token_similarity(a: Token, b: Token) -> float:
    """How alike two tokens are, from 0 to 1."""
    if a.text == b.text:
        return 1.0
    if a.kind == Kind.INITIAL or b.kind == Kind.INITIAL:
        return INITIAL_MATCH if a.text[0] == b.text[0] else 0.0
    if a.kind != b.kind and (Kind.LEGAL_FORM in (a.kind, b.kind) or
                             Kind.GENERIC in (a.kind, b.kind)):
        return 0.0
    if a.abjad and b.abjad:
        return both_abjad_similarity(a, b)
    if a.abjad or b.abjad:
        return abjad_similarity(a, b)
    sim = edit_similarity(a.text, b.text)
    if len(a.key) >= 2 and a.key == b.key:
        if a.shape == b.shape:
            return max(sim, KEY_MATCH if len(a.key) >= 3 else SHORT_KEY_MATCH)
        return max(sim, SHAPE_MISMATCH)
    return sim if sim >= MIN_TOKEN_SIMILARITY else 0.0


def abjad_similarity(a: Token, b: Token) -> float:
    """Two words of which one is in an abjad (no short vowels). The same letter classes
    (`abjad_keys`) give 0.95 for three consonants or more, 0.85 for two, 0.75 for one, where the
    long vowels the abjad writes are also where the Latin spelling has vowels
    (`long_vowels_agree`), and 0.3 less where they are not (below 0.7 no likeness at all);
    otherwise an edit similarity of
    the class keys, from three consonants on."""
    keys_a, keys_b = abjad_keys(a.text, a.abjad), abjad_keys(b.text, b.abjad)
    best = 0.0
    for ka in keys_a:
        for kb in keys_b:
            if ka == kb:
                score = ABJAD_MATCH[min(len(ka), 3)]
                if a.abjad != b.abjad:
                    abjad, latin = (a, b) if a.abjad else (b, a)
                    if not long_vowels_agree(abjad.text, latin.text):
                        score -= VOWEL_MISMATCH
                return score if score >= MIN_TOKEN_SIMILARITY else 0.0
            if len(ka) >= 3 and len(kb) >= 3:
                best = max(best, KEY_MATCH * Levenshtein.normalized_similarity(ka, kb))
    return best if best >= MIN_TOKEN_SIMILARITY else 0.0


def both_abjad_similarity(a: Token, b: Token) -> float:
    """Two words both written in an abjad: their letters are compared as written, long
    vowels included (بشار Bashar and بشرى Bushra share their consonants, not their letters);
    the same letter classes count as a spelling variant only where the long vowels agree."""
    longest = max(len(a.text), len(b.text))
    edits = Levenshtein.distance(a.text, b.text)  # a moved long vowel is two edits here
    sim = max(0.0, 1.0 - (ONE_EDIT_PENALTY if edits == 1 else EDIT_PENALTY) * edits / longest)
    if skeleton(a.text, True) == skeleton(b.text, True):
        return max(sim, KEY_MATCH)
    return sim if sim >= MIN_TOKEN_SIMILARITY else 0.0


def edit_similarity(a: str, b: str) -> float:
    """1 - 0.8 x (edits / length of the longer), with a transposition one edit; a single
    edit costs 0.6 x 1 / length (one typo in a word of eight letters leaves 0.925, in a
    word of four 0.85: a typo in every word of a name still scores it as that name), two
    in six leave 0.73."""
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    edits = OSA.distance(a, b)
    return max(0.0, 1.0 - (ONE_EDIT_PENALTY if edits == 1 else EDIT_PENALTY) * edits / longest)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The outcome of comparing two names: similarity, evidence and what was paired."""

    similarity: float
    evidence: float
    paired: int
    pairs: tuple[tuple[str, str, float], ...]
    query: str
    listed: str


SHORT_WORD = 5
SHORT_WORD_EDIT = 0.2


def short_word_penalty(a: Token, b: Token) -> float:
    """What an edit costs on top in a short word that is not a spelling of the other (Hamas
    / Tamas, Hama / Homa, IRGC / IGGC): two words of five letters one letter apart are
    usually two names, while the same consonants with other vowels (Hamas / Khamas) are one."""
    if max(len(a.text), len(b.text)) > SHORT_WORD or Kind.INITIAL in (a.kind, b.kind):
        return 0.0
    if a.key == b.key and (len(a.key) >= 3 or a.abjad != b.abjad):
        return 0.0  # a spelling of it, or the same consonants across scripts (بوكو / Boko)
    return SHORT_WORD_EDIT


def align(
    query: tuple[Token, ...],
    listed: tuple[Token, ...],
    sims: list[list[float]],
    q_weights: list[float],
    l_weights: list[float],
    q_evidence: list[float] | None = None,
    l_evidence: list[float] | None = None,
) -> tuple[float, float, int, list[tuple[int, int, float]]]:
    """Greedy best-first pairing of tokens given their similarity matrix and weights;
    returns (similarity, evidence, paired name words, pairs). Evidence weighs each pair by
    the evidence weights when given (the similarity weights capped by how common a word is
    in the population), else by the similarity weights."""
    q_ev = q_weights if q_evidence is None else q_evidence
    l_ev = l_weights if l_evidence is None else l_evidence
    candidates = [
        (s, i, j) for i, row in enumerate(sims) for j, s in enumerate(row) if s > 0.0
    ]
    candidates.sort(reverse=True)
    used_q: set[int] = set()
    used_l: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for s, i, j in candidates:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        pairs.append((i, j, s))
    num = den = evidence = 0.0
    paired = 0
    for i, j, s in pairs:
        w = q_weights[i] + l_weights[j]
        num += s * w
        den += w
        # a pair says no more than the commoner of its two words: a rare listed spelling of
        # a common query word (or the reverse) is not rare evidence
        evidence += s * min(q_ev[i], l_ev[j])
        if listed[j].kind == Kind.NAME:
            paired += 1
    den += sum(w for i, w in enumerate(q_weights) if i not in used_q)
    den += UNPAIRED_LISTED_WEIGHT * sum(w for j, w in enumerate(l_weights) if j not in used_l)
    return (num / den if den else 0.0), evidence, paired, pairs


def weight(token: Token, spec: float) -> float:
    """A token's weight in a name: its specificity times its kind's weight."""
    return spec * KIND_WEIGHT[token.kind]


def compact_similarity(query: str, listed: str, *, query_abjad: bool = False,
                       listed_abjad: bool = False) -> float:
    """Similarity of two names written without spaces (JSC ARGUMENT / JSCARGUMENT); where one
    is in an abjad, of their letter-class keys (حمید الله / HAMIDULLAH)."""
    if not query or not listed:
        return 0.0
    if query_abjad or listed_abjad:
        best = max(Levenshtein.normalized_similarity(a, b)
                   for a in abjad_keys(query, query_abjad) for b in abjad_keys(listed,
                                                                              listed_abjad))
        return KEY_MATCH * best if best >= COMPACT_MIN else 0.0
    sim = edit_similarity(query, listed)
    return sim if sim >= COMPACT_MIN else 0.0
