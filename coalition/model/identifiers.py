"""Identifiers as small classes: `is_valid`, `normalize`, `format`, with the rule in the docstring."""

from __future__ import annotations

import re


class IMO:
    """IMO ship (or company) number: 7 digits, the last a check digit equal to the sum of the
    first six weighted 7, 6, 5, 4, 3, 2, modulo 10. Written `IMO9176187`, as FtM does."""

    _DIGITS = re.compile(r"^(?:IMO)?\s*:?\s*(\d{7})$", re.IGNORECASE)

    @classmethod
    def is_valid(cls, text: str) -> bool:
        m = cls._DIGITS.match(text.strip())
        if not m:
            return False
        digits = [int(c) for c in m.group(1)]
        return sum(d * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == \
            digits[6]

    @classmethod
    def normalize(cls, text: str) -> str | None:
        """`IMO` and the seven digits when valid, else None."""
        if not cls.is_valid(text):
            return None
        m = cls._DIGITS.match(text.strip())
        assert m is not None
        return f"IMO{m.group(1)}"

    @classmethod
    def format(cls, text: str) -> str:
        return cls.normalize(text) or text


# Property-specific cleaners, applied after the type's own cleaning.
BY_PROPERTY = {"imoNumber": IMO.normalize}
