"""The Merkle tree of RFC 6962 / RFC 9162 (section 2.1), over SHA-256.

Leaf hash: SHA-256(0x00 || data); node hash: SHA-256(0x01 || left || right). The tree of n
leaves splits at the largest power of two below n. `Frontier` keeps the roots of the perfect
subtrees so that appending is O(log n); proofs are computed from the leaf hashes and checked
with the verification algorithms of RFC 9162 (2.1.3.2 and 2.1.4.2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the given leaf hashes."""
    return _root(leaves, 0, len(leaves)) if leaves else EMPTY_ROOT


def _root(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    if hi - lo == 1:
        return leaves[lo]
    k = _split(hi - lo)
    return node_hash(_root(leaves, lo, lo + k), _root(leaves, lo + k, hi))


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]): the audit path for leaf `index` in the tree of `leaves`."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)}")
    path: list[bytes] = []
    lo, hi = 0, len(leaves)
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(_root(leaves, lo + k, hi))
            hi = lo + k
        else:
            path.append(_root(leaves, lo, lo + k))
            lo = lo + k
    return path[::-1]


def consistency_proof(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]): that the tree of the first `old_size` leaves is a prefix of this one."""
    if not 0 <= old_size <= len(leaves):
        raise ValueError(f"tree size {old_size} is not within 0..{len(leaves)}")
    if old_size in (0, len(leaves)):
        return []
    return _subproof(old_size, leaves, 0, len(leaves), True)


def _subproof(m: int, leaves: Sequence[bytes], lo: int, hi: int, whole: bool) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if whole else [_root(leaves, lo, hi)]
    k = _split(n)
    if m <= k:
        return _subproof(m, leaves, lo, lo + k, whole) + [_root(leaves, lo + k, hi)]
    return _subproof(m - k, leaves, lo + k, hi, False) + [_root(leaves, lo, lo + k)]


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     expected_root: bytes) -> bool:
    """RFC 9162 2.1.3.2: whether `proof` shows leaf `index` in the tree of `size` with that root."""
    if index >= size or index < 0:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 2.1.4.2: whether `proof` shows the old tree is a prefix of the new one."""
    if old_size < 0 or old_size > new_size:
        return False
    if old_size == 0:
        return not proof
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


class Frontier:
    """The roots of the perfect subtrees of a growing tree: append in O(log n), root any time."""

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        if len(nodes) != bin(size).count("1"):
            raise ValueError(f"a tree of {size} leaves has {bin(size).count('1')} subtree roots")
        self.size = size
        self.nodes = list(nodes)

    def append(self, leaf: bytes) -> None:
        self.nodes.append(leaf)
        self.size += 1
        n = self.size
        while not n & 1:  # each trailing zero bit is a merge of two equal subtrees
            right = self.nodes.pop()
            left = self.nodes.pop()
            self.nodes.append(node_hash(left, right))
            n >>= 1

    def root(self) -> bytes:
        if not self.nodes:
            return EMPTY_ROOT
        r = self.nodes[-1]
        for node in reversed(self.nodes[:-1]):
            r = node_hash(node, r)
        return r

    def encode(self) -> str:
        return ",".join(n.hex() for n in self.nodes)

    @classmethod
    def decode(cls, size: int, text: str) -> Frontier:
        return cls(size, [bytes.fromhex(h) for h in text.split(",") if h])
