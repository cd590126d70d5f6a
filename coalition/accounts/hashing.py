"""Secrets at rest: API tokens as SHA-256 digests, web passwords as salted scrypt hashes.

A token is 256 random bits, so one unsalted SHA-256 is enough to make a stolen table useless;
a password is chosen by a person, so it gets scrypt (RFC 7914) with a fresh 16-byte salt and
parameters stored with the hash (`scrypt$n$r$p$salt$hash`), which lets them be raised later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "cot_"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PASSWORD, MAX_PASSWORD = 10, 1024


def new_token() -> str:
    """A fresh API token, shown once to whoever asked for it."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str, *, n: int = SCRYPT_N) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, n, SCRYPT_R, SCRYPT_P)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str | None) -> bool:
    """Whether `password` is the one `stored` was made from (constant-time comparison)."""
    if not stored:
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        computed = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(computed, bytes.fromhex(digest))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * n * r + 2**20, dklen=HASH_BYTES)
