"""Token similarity of one query token against many vocabulary entries at once.

`token_similarity` (similarity.py) compares two tokens in Python; scoring a query's candidates
needs it for a few hundred (query token, listed token) pairs. `VocabularyTable` keeps what
that rule reads of every vocabulary entry in numpy arrays (length, consonant key, vowel shape,
kind, first letter), so the pairs of one query token are scored with one batched edit-distance
call (rapidfuzz's `cdist`) and a few array operations. Pairs with a word in an abjad keep the
Python rule (`abjad_similarity`); the result equals `token_similarity` pair for pair
(tests/screening/test_vector.py checks it).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from coalition.names.forms import Kind, Token
from coalition.screening.similarity import (
    EDIT_PENALTY,
    INITIAL_MATCH,
    KEY_MATCH,
    MIN_TOKEN_SIMILARITY,
    ONE_EDIT_PENALTY,
    SHAPE_MISMATCH,
    SHORT_KEY_MATCH,
    token_similarity,
)


class VocabularyTable:
    """Per vocabulary entry: text length, key id, key length, shape id, kind, first letter,
    abjad flag, as arrays indexed by entry."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.texts = [t.text for t in tokens]
        self._keys: dict[str, int] = {}
        self._shapes: dict[str, int] = {}
        n = len(tokens)
        self.length = np.fromiter((len(t.text) for t in tokens), dtype=np.int32, count=n)
        self.key = np.fromiter((self._keys.setdefault(t.key, len(self._keys)) for t in tokens),
                               dtype=np.int32, count=n)
        self.key_len = np.fromiter((len(t.key) for t in tokens), dtype=np.int32, count=n)
        self.shape = np.fromiter((self._shapes.setdefault(t.shape, len(self._shapes))
                                  for t in tokens), dtype=np.int32, count=n)
        self.kind = np.fromiter((int(t.kind) for t in tokens), dtype=np.int8, count=n)
        self.first = np.fromiter((ord(t.text[0]) if t.text else 0 for t in tokens),
                                 dtype=np.int32, count=n)
        self.abjad = np.fromiter((t.abjad for t in tokens), dtype=bool, count=n)

    def similarities(self, qt: Token, entries: Sequence[int]) -> list[float]:
        """`token_similarity(qt, tokens[e])` for each entry, in order."""
        if not entries:
            return []
        return self.matrix([qt], entries)[0].tolist()

    def matrix(self, query: Sequence[Token], entries: Sequence[int]) -> np.ndarray:
        """`token_similarity(q, tokens[e])` for each query token (rows) and entry (columns),
        with one edit-distance call for the whole query."""
        idx = np.asarray(entries, dtype=np.int64)
        texts = [self.texts[e] for e in entries]
        q_texts = [t.text for t in query]
        dist = cdist(q_texts, texts, scorer=OSA.distance, dtype=np.int32,
                     workers=1).astype(np.float64)
        q_len = np.asarray([len(t) for t in q_texts], dtype=np.int32)[:, None]
        longest = np.maximum(self.length[idx][None, :], q_len).astype(np.float64)
        penalty = np.where(dist == 1, ONE_EDIT_PENALTY, EDIT_PENALTY)
        sim = np.maximum(0.0, 1.0 - penalty * dist / np.maximum(longest, 1.0))
        sim[longest == 0] = 0.0
        q_key = np.asarray([self._keys.get(t.key, -1) if len(t.key) >= 2 else -2
                            for t in query], dtype=np.int32)[:, None]
        same_key = self.key[idx][None, :] == q_key
        q_shape = np.asarray([self._shapes.get(t.shape, -1) for t in query],
                             dtype=np.int32)[:, None]
        long_key = np.asarray([len(t.key) >= 3 for t in query], dtype=bool)[:, None]
        floor = np.where(self.shape[idx][None, :] == q_shape,
                         np.where(long_key, KEY_MATCH, SHORT_KEY_MATCH), SHAPE_MISMATCH)
        out = np.where(same_key, np.maximum(sim, floor),
                       np.where(sim >= MIN_TOKEN_SIMILARITY, sim, 0.0))
        kind = self.kind[idx][None, :]
        q_kind = np.asarray([int(t.kind) for t in query], dtype=np.int8)[:, None]
        initial = (kind == Kind.INITIAL) | (q_kind == Kind.INITIAL)
        q_first = np.asarray([ord(t.text[0]) if t.text else -1 for t in query],
                             dtype=np.int32)[:, None]
        out = np.where(initial, np.where(self.first[idx][None, :] == q_first,
                                         INITIAL_MATCH, 0.0), out)
        legal = (((kind == Kind.LEGAL_FORM) != (q_kind == Kind.LEGAL_FORM)) |
                 ((kind == Kind.GENERIC) != (q_kind == Kind.GENERIC))) & ~initial
        out[legal] = 0.0
        out[dist == 0] = 1.0
        abjad = self.abjad[idx]
        for r, qt in enumerate(query):
            columns = range(len(entries)) if qt.abjad else np.flatnonzero(abjad).tolist()
            for c in columns:
                out[r, c] = token_similarity(qt, self.tokens[entries[c]])
        return out
