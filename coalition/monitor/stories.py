"""Near-duplicate articles merged into stories: MinHash sketches of word shingles, LSH bands.

Two articles whose estimated Jaccard similarity of 4-word shingles reaches THRESHOLD are one
story (a wire report and its copies on several sites). Bands let the store find candidates by
index instead of comparing every pair.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

SHINGLE = 4
PERMUTATIONS = 64
BANDS = 32
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.5
_PRIME = np.uint64((1 << 31) - 1)
_rng = np.random.default_rng(20150929)  # fixed seed: sketches are stored and compared later
_A = _rng.integers(1, (1 << 31) - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, size=PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[int]:
    """32-bit hashes of the text's overlapping 4-word sequences (casefolded)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode("utf-8")) & 0x7FFFFFFF} if words else set()
    return {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("utf-8")) & 0x7FFFFFFF
            for i in range(len(words) - SHINGLE + 1)}


def sketch(text: str) -> list[int]:
    """The MinHash signature: PERMUTATIONS minimum hash values."""
    hashes = shingles(text)
    if not hashes:
        return [0] * PERMUTATIONS
    x = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    values = (_A[:, None] * x[None, :] + _B[:, None]) % _PRIME
    return [int(v) for v in values.min(axis=1)]


def bands(signature: list[int]) -> list[str]:
    """LSH band keys: articles sharing one are compared."""
    return [f"{b}:" + ".".join(str(v) for v in signature[b * ROWS:(b + 1) * ROWS])
            for b in range(BANDS)]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / PERMUTATIONS
