"""How high a record can score for a query, computed for all candidates at once.

The screener scores candidates best bound first and stops once no remaining bound can beat
the results it already holds. The bound of one listed name against one query form, from
the similarity of each listed token to its best query token (`QueryForm.best`, filled for
the candidates' tokens in one batch):

- evidence <= sum over listed tokens of weight x best similarity (each listed token pairs
  with at most one query token, at no more than its best similarity);
- similarity = paired weight / all weight <= (sum over listed tokens of best similarity x
  the query token's weight + the listed token's weighed evidence) / (every query token's
  weight + the unpaired share of every listed token's weight), and at most 1;
- a person's name with at most one listed name word similar to a query token is capped as
  `_best_name` caps it;
- an organisation's name whose every word is near some query word may match whole, at
  `WHOLE_NAME_STRENGTH`;
- a name whose spaceless spelling is within reach of the query's (`compact_similarity`
  needs 0.9; no length rule where a side is in an abjad) may score its whole weight at
  similarity 1.

The features then move the bound as `Algorithm.max_boost` says. Every step only rounds up,
so pruning by the bound never drops a result that scoring every candidate would return.
`NameTable` (nametable.py) keeps every listed name as flat arrays so that these sums are a few numpy
operations over the candidates' names, not a Python loop.
"""

from __future__ import annotations

import numpy as np

from coalition.screening.features import (
    EVIDENCE_RATE,
    NAME_CAP,
    SINGLE_WORD_CAP,
    WHOLE_NAME_STRENGTH,
)
from coalition.screening.nametable import NameTable, ranges
from coalition.screening.prepared import PreparedQuery, QueryForm
from coalition.screening.similarity import (
    COMPACT_MIN,
    EDIT_PENALTY,
    ONE_EDIT_PENALTY,
    UNPAIRED_LISTED_WEIGHT,
)

# the largest share of its length two spellings may differ in and still be COMPACT_MIN alike
COMPACT_REACH = (1.0 - COMPACT_MIN) / min(EDIT_PENALTY, ONE_EDIT_PENALTY)


def record_bounds(pq: PreparedQuery, table: NameTable, candidates: np.ndarray,
                  weak_cap: float) -> np.ndarray:
    """Per candidate record, at least the base (name) score `Algorithm.score` gives it."""
    names, owner = ranges(table.record_start[candidates], table.record_start[candidates + 1])
    positions, segment = ranges(table.name_start[names], table.name_start[names + 1])
    entries = table.entries[positions]
    lw = table.weights[entries]
    listed = np.bincount(segment, lw, len(names))
    person = table.person[candidates][owner]
    compact_ok = ~table.weak[names]
    compact_len = table.compact[names].astype(np.int64)
    out = np.zeros(len(candidates), dtype=np.float64)
    vocabulary = len(table.weights)
    for qf in pq.all_forms:
        applies = np.where(person, any(f is qf for f in pq.person_forms),
                           any(f is qf for f in pq.org_forms))
        if not applies.any():
            continue
        best, best_weighted = _at_entries(qf, entries, vocabulary)
        sim_lw = lw * best
        evidence = np.bincount(segment, sim_lw, len(names))
        paired = np.bincount(segment, best_weighted + sim_lw, len(names))
        den = sum(qf.weights) + UNPAIRED_LISTED_WEIGHT * listed
        similarity = np.minimum(1.0, np.divide(paired, den, out=np.zeros_like(paired),
                                               where=den > 0))
        q_len = len(qf.form.compact)
        reach = np.abs(compact_len - q_len) <= COMPACT_REACH * np.maximum(compact_len, q_len) + 1
        spaceless = compact_ok & (table.length[names] != len(qf.form.tokens)) & \
            (reach | table.abjad[names] | qf.abjad)
        similarity = np.where(spaceless, 1.0, similarity)
        evidence = np.where(spaceless, listed, evidence)
        strength = 1.0 - np.exp(-EVIDENCE_RATE * evidence)
        # an organisation's name whose every word is near a query word may match whole
        covered = np.bincount(segment, (best > 0.0) | ~table.is_name[entries],
                              len(names)) >= table.length[names]
        strength = np.where(~person & (covered | spaceless),
                            np.maximum(strength, WHOLE_NAME_STRENGTH), strength)
        # a person's name paired on one name word at most is capped (`_best_name`)
        words = np.bincount(segment, (best > 0.0) & table.is_name[entries], len(names))
        single = person & (words <= 1) & ~spaceless
        strength = np.where(single, np.minimum(strength, SINGLE_WORD_CAP), strength)
        score = NAME_CAP * similarity * strength
        score = np.where(table.weak[names], np.minimum(score, weak_cap), score)
        score = np.where(applies, score, 0.0)
        np.maximum.at(out, owner, score)
    return out


def _at_entries(qf: QueryForm, entries: np.ndarray, vocabulary: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """`QueryForm.best`'s similarity and weighted similarity at each of these entries, 0
    for an entry `fill` did not reach. Its entries come sorted, so they are found by binary
    search (a per-vocabulary array costs more to clear than the candidates' names hold)."""
    if qf.best is None:
        return np.zeros(len(entries)), np.zeros(len(entries))
    keys, sims, weighted = qf.best
    if len(keys):
        where = np.minimum(np.searchsorted(keys, entries), len(keys) - 1)
        if np.array_equal(keys[where], entries):
            return sims[where], weighted[where]
    best = np.zeros(vocabulary, dtype=np.float64)
    best_weighted = np.zeros(vocabulary, dtype=np.float64)
    best[keys], best_weighted[keys] = sims, weighted
    return best[entries], best_weighted[entries]


def score_bound(base: np.ndarray, boost: float) -> np.ndarray:
    """The most base scores can become once the features add at most `boost` log-odds."""
    base = np.clip(base, 1e-9, 1.0 - 1e-6)
    raised = 1.0 / (1.0 + np.exp(-(np.log(base / (1.0 - base)) + boost)))
    return np.where(base <= 1e-9, 0.0, raised)
