"""Matching features: pure functions named as the fact they check.

Each takes the prepared query and a listed record and returns an `Evidence`: a score from 0
(the fact does not hold, or nothing to compare) to 1 (it holds fully) and a sentence an analyst
can read. Whether a fact raises or lowers the final score, and how much, is the algorithm's
business (algorithms.py). Only identity data is used: names, dates of birth, countries,
gender, identifiers, schema. Nothing about religion, ethnicity or where a name comes from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from coalition.model.countries import country_name
from coalition.names.acronyms import acronym, looks_like_acronym
from coalition.names.forms import Kind, Token
from coalition.screening import kernel
from coalition.screening.kernel import Found
from coalition.screening.prepared import PreparedQuery, QueryForm
from coalition.screening.records import Record
from coalition.screening.similarity import (
    align,
    compact_similarity,
    short_word_penalty,
    token_similarity,
)

NAME_CAP = 0.95
EVIDENCE_RATE = 3.0
SINGLE_WORD_CAP = 0.6
WHOLE_NAME_STRENGTH = 0.95
WHOLE_NAME_FLOOR = 0.6
SHORT_NAME_EDIT = 0.2
WHOLE_NAME_PAIR = 0.9
WHOLE_NAME_PAIR_ABJAD = 0.85  # the best two consonant classes give across scripts
LEFTOVER_DISCOUNT = 0.15
COMPACT_WHOLE = 0.97
ACRONYM_SIMILARITY = 0.95


@dataclass(frozen=True, slots=True)
class Evidence:
    """A feature's outcome: score in [0, 1] and the reason in words."""

    score: float
    detail: str


NONE = Evidence(0.0, "")


def _whole(q_tokens: tuple[Token, ...], l_tokens: tuple[Token, ...],
           pairs: list[tuple[int, int, float]]) -> float:
    """How far short of whole a match of two names falls: 0 when every word of each side is
    paired with a spelling of it (legal forms may differ), LEFTOVER_DISCOUNT when the listed
    name has generic words over (Abu Sayyaf / Abu Sayyaf Group), -1 when it is no whole match: a
    query word unpaired (Ansar-e Hezbollah is not Hezbollah), a listed name word unpaired, or
    a pair only alike; a listed name of generic words only is whole only word for word."""
    for i, j, s in pairs:
        cross = q_tokens[i].abjad or l_tokens[j].abjad
        if s < (WHOLE_NAME_PAIR_ABJAD if cross else WHOLE_NAME_PAIR):
            return -1.0
    paired_q = {i for i, _, _ in pairs}
    paired_l = {j for _, j, _ in pairs}
    if any(i not in paired_q for i, t in enumerate(q_tokens)
           if t.kind in (Kind.NAME, Kind.GENERIC)):
        return -1.0
    names = [j for j, t in enumerate(l_tokens) if t.kind == Kind.NAME]
    if not names:  # a name of generic words only (Jemaah Islamiyah) must match all of them
        return 0.0 if len(pairs) == len(q_tokens) == len(l_tokens) else -1.0
    if any(j not in paired_l for j in names):
        return -1.0
    leftover = [t for j, t in enumerate(l_tokens) if j not in paired_l]
    return LEFTOVER_DISCOUNT if any(t.kind == Kind.GENERIC for t in leftover) else 0.0


def whole_name_strength(frequency: int) -> float:
    """How much a listed name matched whole identifies, whatever its words: 0.95 for a name
    that one entity of a list carries, 0.1 less for each more entity of one list with it."""
    return max(WHOLE_NAME_FLOOR, WHOLE_NAME_STRENGTH - 0.1 * (frequency - 1))


def _name_similarity(pq: PreparedQuery, qf: QueryForm, name: tuple[int, ...],
                     compact: str | None) -> tuple[float, float, int, float]:
    """(similarity, evidence, paired name words, whole) of one query form and one listed
    name; `whole` is what `_whole` says (0 or more for a whole-name match). The same
    name under several records (one person on several lists) is compared once."""
    memo_key = (id(qf), name, compact is not None)
    memo = pq.names_seen.get(memo_key)
    if memo is not None:
        return memo
    index = pq.index
    tokens = index.tokens
    q_tokens = qf.tokens
    sims = []
    for qt, row in zip(q_tokens, qf.rows, strict=True):
        line = []
        for e in name:
            sim = row.get(e)
            if sim is None:
                sim = row[e] = token_similarity(qt, tokens[e])
            if 0.0 < sim < 1.0:
                sim = max(0.0, sim - short_word_penalty(qt, tokens[e]))
            line.append(sim)
        sims.append(line)
    l_tokens = tuple(tokens[e] for e in name)
    l_weights = [index.weights[e] for e in name]
    l_evidence = [index.evidence[e] for e in name]
    sim, evidence, paired, pairs = align(q_tokens, l_tokens, sims, qf.weights, l_weights,
                                         qf.evidence, l_evidence)
    # whole: every name word of each side paired with a spelling of it (Hizballah /
    # Hezbollah, Abu Sayyaf / Abu Sayyaf Group); generic words and legal forms may be left over
    whole = _whole(q_tokens, l_tokens, pairs)
    if len(pairs) == len(q_tokens) == len(l_tokens) == 1 and sim < 1.0 and \
            (q_tokens[0].key != l_tokens[0].key or
             (q_tokens[0].shape != l_tokens[0].shape and not q_tokens[0].abjad and
              not l_tokens[0].abjad)):
        # a one-word name against a one-word name that is not a spelling of it
        sim = max(0.0, sim - SHORT_NAME_EDIT)
        whole = -1.0
    if compact is not None and len(name) != len(q_tokens):
        cs = compact_similarity(qf.form.compact, compact,
                                query_abjad=any(t.abjad for t in q_tokens),
                                listed_abjad=any(t.abjad for t in l_tokens))
        if cs * COMPACT_WHOLE > sim:
            # the same name written with other spaces (SBER BANK / Sberbank): its evidence is
            # that of the query's words, and it ranks just below the name as written
            sim = cs * COMPACT_WHOLE
            evidence = cs * min(sum(l_evidence), sum(qf.evidence))
            paired = max(paired, sum(1 for t in l_tokens if t.kind == Kind.NAME))
            whole = 0.0 if cs >= WHOLE_NAME_PAIR else -1.0
    out = pq.names_seen[memo_key] = (sim, evidence, paired, whole)
    return out


def best_name_found(pq: PreparedQuery, record: Record, names: tuple[tuple[int, ...], ...],
                    compacts: tuple[str, ...] | None) -> tuple[float, Found | None]:
    """The best score of any of these names against the query's forms, and what gave it:
    (form, name, similarity, specificity, capped to one name word). The reference of the
    compiled kernel (_kernel.pyx), which computes the same."""
    reached = pq.reached
    compact_hit = compacts is not None and record.position in pq.compact_hits
    is_person = record.is_person
    best = 0.0
    found: Found | None = None
    for qf in pq.forms_for(is_person):
        for k, name in enumerate(names):
            if not compact_hit and reached.isdisjoint(name):
                continue
            sim, evidence, paired, whole = _name_similarity(
                pq, qf, name, compacts[k] if compacts is not None else None)
            if sim <= 0.0:
                continue
            strength = 1.0 - math.exp(-EVIDENCE_RATE * evidence)
            if whole >= 0.0 and not is_person:
                # an organisation's whole name says more than its words: Taliban, Hamas
                spelled = compacts[k] if compacts is not None else \
                    "".join(pq.index.tokens[e].text for e in name)
                strength = max(strength, whole_name_strength(
                    pq.index.name_frequency(spelled))) - whole
            capped = is_person and paired <= 1
            if capped:
                strength = min(strength, SINGLE_WORD_CAP)
            score = NAME_CAP * sim * strength
            if score > best:
                best, found = score, (qf, name, sim, strength, capped)
    return best, found


def _best_name(pq: PreparedQuery, record: Record, names: tuple[tuple[int, ...], ...],
               compacts: tuple[str, ...] | None) -> tuple[float, str]:
    computed = KERNEL.best_name(pq, record, names, compacts) if KERNEL is not None else None
    best, found = computed if computed is not None else \
        best_name_found(pq, record, names, compacts)
    if found is None:
        return 0.0, ""
    qf, name, sim, strength, capped = found
    texts = pq.index.table.texts
    listed = " ".join([texts[e] for e in name])
    detail = (f"{qf.form.original!r} ~ {listed!r}: similarity {sim:.2f}, "
              f"specificity {strength:.2f}")
    return best, detail + (" (one name word only)" if capped else "")


def _acronym(pq: PreparedQuery, record: Record) -> tuple[float, str]:
    """The query is the acronym of one of the organisation's names (IRGC)."""
    index = pq.index
    for qf in pq.org_forms:
        if not looks_like_acronym(qf.tokens):
            continue
        text = qf.tokens[0].text
        for name in record.names:
            if acronym([index.tokens[e] for e in name]) == text:
                strength = whole_name_strength(index.acronym_counts.get(text, 1))
                listed = " ".join(index.tokens[e].text for e in name)
                return (NAME_CAP * ACRONYM_SIMILARITY * strength,
                        f"{qf.form.original!r} is the acronym of {listed!r}")
    return 0.0, ""


def name_match(pq: PreparedQuery, record: Record) -> Evidence:
    """The query's name is one of the listed names (name, alias, previous name), allowing for
    spelling, script, word order, legal forms and typos, or an organisation's acronym;
    weighed by how specific the words are."""
    score, detail = _best_name(pq, record, record.names, record.compacts)
    if record.position in pq.acronym_hits:
        initials, said = _acronym(pq, record)
        if initials > score:
            score, detail = initials, said
    return Evidence(score, detail) if score > 0 else NONE


def weak_alias_match(pq: PreparedQuery, record: Record) -> Evidence:
    """The query's name is one of the listed weak aliases (a nickname or low-quality a.k.a.),
    which never makes a match on its own."""
    if not record.weak:
        return NONE
    score, detail = _best_name(pq, record, record.weak, None)
    return Evidence(score, "weak alias " + detail) if score > 0 else NONE


def _years(prefix: str) -> int:
    return int(prefix[:4])


def dob_match(pq: PreparedQuery, record: Record) -> Evidence:
    """The dates of birth agree, to the precision both sides know (a year-only date agrees
    with any day of that year); day and month swapped counts for less."""
    q = pq.query.birth_date
    if not q or not record.birth_dates:
        return NONE
    best = NONE
    for listed in record.birth_dates:
        common = min(len(q), len(listed))
        if q[:common] == listed[:common]:
            # one person in sixty shares a year of birth, one in seven hundred a month
            score = {10: 1.0, 7: 0.6}.get(common, 0.25)
            ev = Evidence(score, f"born {q}, listed {listed}")
        elif len(q) == 10 and len(listed) == 10 and q[:4] == listed[:4] and \
                q[5:7] == listed[8:10] and q[8:10] == listed[5:7]:
            ev = Evidence(0.5, f"born {q}, listed {listed} with day and month swapped")
        elif q[:4] == listed[:4]:
            ev = Evidence(0.15, f"born {q}, listed {listed}: same year, different day")
        else:
            continue
        if ev.score > best.score:
            best = ev
    return best


def dob_year_disjoint(pq: PreparedQuery, record: Record) -> Evidence:
    """Every listed year of birth is two years or more away from the query's: a strong name
    stays a strong candidate (lists get years wrong), a common one falls away."""
    q = pq.query.birth_date
    if not q or not record.birth_dates:
        return NONE
    gap = min(abs(_years(q) - _years(d)) for d in record.birth_dates)
    if gap < 2:
        return NONE
    listed = ", ".join(sorted(record.birth_dates)[:3])
    score = 0.5 if gap <= 3 else 0.8 if gap <= 6 else 1.0
    return Evidence(score, f"born {q}, listed {listed}: {gap} years apart")


def country_match(pq: PreparedQuery, record: Record) -> Evidence:
    """A country of the query (nationality, residence, registration) is one of the record's."""
    if not pq.query.countries or not record.countries:
        return NONE
    common = sorted(set(pq.query.countries) & record.countries)
    if not common:
        return NONE
    return Evidence(1.0, "both linked to " + ", ".join(country_name(c) for c in common))


def country_mismatch(pq: PreparedQuery, record: Record) -> Evidence:
    """Both sides name countries and none is shared."""
    if not pq.query.countries or not record.countries or \
            set(pq.query.countries) & record.countries:
        return NONE
    listed = ", ".join(sorted(record.countries)[:4])
    return Evidence(1.0, f"query {', '.join(pq.query.countries)}, listed {listed}")


def gender_mismatch(pq: PreparedQuery, record: Record) -> Evidence:
    """The query and the record give different genders."""
    q, listed = pq.query.gender, record.gender
    if not q or not listed or q == listed:
        return NONE
    return Evidence(1.0, f"query {q}, listed {listed}")


def identifier_match(pq: PreparedQuery, record: Record) -> Evidence:
    """A passport, national ID, registration or IMO number of the query is on the record."""
    if not pq.query.identifiers or not record.identifiers:
        return NONE
    common = sorted(set(pq.query.identifiers) & record.identifiers)
    if not common:
        return NONE
    return Evidence(1.0, "same number " + ", ".join(common))


# the compiled per-record name scoring, or None for the Python path above (kernel.py); loaded
# last, as it reads this module's rules
KERNEL = kernel.load()
