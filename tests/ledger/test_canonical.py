"""The fast canonical forms agree byte for byte with the RFC 8785 reference implementation."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from coalition.errors import InputError
from coalition.ledger.canonical import canonical, canonical_statement
from coalition.ledger.statements import Draft

text = st.text(max_size=30)


def same_as_reference(ours: Any, value: Any) -> bool:
    """Equal bytes, or both refuse (integers beyond 2**53 have no canonical form)."""
    try:
        expected = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError:
        try:
            ours(value)
        except InputError:
            return True
        return False
    return bool(ours(value) == expected)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | text
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_canonical_is_rfc8785(value: Any) -> None:
    assert same_as_reference(canonical, value)


@settings(max_examples=300, deadline=None)
@given(member=text, entity=text, basis=text, reasons=text, seq=st.integers(1, 2**53 + 5),
       evidence=st.lists(text, max_size=3),
       proposal=st.none() | st.fixed_dictionaries({"deadline": text,
                                                    "quorum": st.integers(-5, 2**54)}),
       new_entity=st.none() | st.dictionaries(text, json_values, max_size=3))
def test_canonical_statement_is_rfc8785(member: str, entity: str, basis: str, reasons: str,
                                        seq: int, evidence: list[str],
                                        proposal: dict[str, Any] | None,
                                        new_entity: dict[str, Any] | None) -> None:
    payload = Draft(member, entity, "listed", basis, "2015-01-01", reasons=reasons,
                    evidence=evidence, proposal=proposal, new_entity=new_entity,
                    issued="2015-01-01T00:00:00.000000Z").payload(seq)
    assert same_as_reference(canonical_statement, payload)
