"""The Merkle tree against the RFC 6962 definitions and the Certificate Transparency vectors."""

from __future__ import annotations

import pytest

from coalition.ledger import merkle as m

# Leaves and roots of the test vectors of Certificate Transparency's reference implementation.
CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
             "606162636465666768696a6b6c6d6e6f"]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def leaves(n: int) -> list[bytes]:
    return [m.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def definition_root(d: list[bytes]) -> bytes:
    """MTH straight from RFC 6962 section 2.1."""
    if not d:
        return m.EMPTY_ROOT
    if len(d) == 1:
        return d[0]
    k = 1
    while k * 2 < len(d):
        k *= 2
    return m.node_hash(definition_root(d[:k]), definition_root(d[k:]))


def test_certificate_transparency_vectors() -> None:
    hashes = [m.leaf_hash(bytes.fromhex(x)) for x in CT_LEAVES]
    for n in range(1, 9):
        assert m.root(hashes[:n]).hex() == CT_ROOTS[n - 1]
        f = m.Frontier()
        for h in hashes[:n]:
            f.append(h)
        assert f.root().hex() == CT_ROOTS[n - 1]
    assert m.root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 31, 64, 65])
def test_inclusion_proofs_verify_and_reject_forgeries(n: int) -> None:
    d = leaves(n)
    r = definition_root(d)
    for i in range(n):
        proof = m.inclusion_proof(i, d)
        assert m.verify_inclusion(i, n, d[i], proof, r)
        assert not m.verify_inclusion(i, n, m.leaf_hash(b"forged"), proof, r)
        if proof:
            bad = [proof[0][:-1] + bytes([proof[0][-1] ^ 1])] + proof[1:]
            assert not m.verify_inclusion(i, n, d[i], bad, r)
    with pytest.raises(ValueError):
        m.inclusion_proof(n, d)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 33])
def test_consistency_proofs_between_every_pair_of_sizes(n: int) -> None:
    d = leaves(n)
    new = definition_root(d)
    for old in range(0, n + 1):
        proof = m.consistency_proof(old, d)
        assert m.verify_consistency(old, n, definition_root(d[:old]), new, proof)
        if 0 < old < n:
            assert not m.verify_consistency(old, n, m.leaf_hash(b"x"), new, proof)
            rewritten = d[:old - 1] + [m.leaf_hash(b"rewritten")] + d[old:]
            assert not m.verify_consistency(old, n, definition_root(d[:old]),
                                            definition_root(rewritten), proof)


def test_frontier_round_trips_and_checks_its_shape() -> None:
    f = m.Frontier()
    for h in leaves(11):
        f.append(h)
    again = m.Frontier.decode(11, f.encode())
    assert again.root() == f.root() == definition_root(leaves(11))
    with pytest.raises(ValueError):
        m.Frontier(11, again.nodes[:-1])
