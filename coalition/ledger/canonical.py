"""Canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and the hashes built on it.

A statement is signed over its canonical bytes, and its id is their SHA-256: two parties
that hold the same statement compute the same bytes, whatever their JSON library.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
import rfc8785

from coalition.errors import InputError

MAX_SAFE_INT = 2**53 - 1


def _plain(obj: Any) -> bool:
    """Whether orjson with sorted keys writes exactly the RFC 8785 form of `obj`: strings,
    safe integers, booleans and nulls under ASCII keys (key order by UTF-16 code units equals
    byte order only for ASCII; numbers other than safe integers need ES6 formatting)."""
    kind = type(obj)
    if kind is str or obj is None or kind is bool:
        return True
    if kind is int:
        return -MAX_SAFE_INT <= obj <= MAX_SAFE_INT
    if kind is list:
        for value in obj:
            if not _plain(value):
                return False
        return True
    if kind is dict:
        for key, value in obj.items():
            if type(key) is not str or not key.isascii() or not _plain(value):
                return False
        return True
    return False


def canonical(obj: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value.

    The `rfc8785` package is the reference; statements (strings, integers, nulls under ASCII
    keys) take orjson's sorted output, which is byte-identical for them (a property test
    holds the two together) and forty times faster."""
    if _plain(obj):
        try:
            return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass  # e.g. a lone surrogate: let the reference implementation say what is wrong
    try:
        return rfc8785.dumps(obj)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise InputError(f"cannot be written as canonical JSON: {exc}") from exc


_SIMPLE = (str, type(None))


def canonical_statement(payload: dict[str, Any]) -> bytes:
    """`canonical(payload)` for a statement's payload, checking only the values whose type
    can vary (the rest are strings or nulls by construction): the writer's hot path."""
    for key, value in payload.items():
        if type(value) in _SIMPLE:
            continue
        if key in ("v", "seq") and type(value) is int and 0 <= value <= MAX_SAFE_INT:
            continue
        if key == "evidence" and type(value) is list and all(type(v) is str for v in value):
            continue
        if not _plain(value):
            return canonical(payload)
    if not all(key.isascii() for key in payload):
        return canonical(payload)
    try:
        return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return canonical(payload)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_canonical(data: bytes, *, where: str) -> dict[str, Any]:
    """A JSON object from bytes that must already be in canonical form."""
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"payload is not JSON: {exc}", where=where) from None
    if not isinstance(obj, dict):
        raise InputError("payload must be a JSON object", where=where)
    if canonical(obj) != data:
        raise InputError("payload is not in RFC 8785 canonical form; sign the canonical bytes",
                         where=where)
    return obj
