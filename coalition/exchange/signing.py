"""Signatures: members sign what they issue (Ed25519), the node signs webhook bodies (HMAC).

A `Signer` holds members' private keys; the ledger's `KeyStore` folder is the real one, and
`MemorySigner` keeps keys in memory (a node that creates its members on the fly, tests).
Webhook bodies are signed as Standard Webhooks do: HMAC-SHA256 over `<id>.<timestamp>.<body>`
with the endpoint's secret, so a receiver can check origin and refuse replays.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from coalition.errors import UsageError
from coalition.ledger.keys import KeyStore, load_public, public_hex, verify


class Signer(Protocol):
    """Signs bytes on behalf of a member."""

    def sign(self, member: str, message: bytes) -> str:
        """The member's Ed25519 signature of `message`, hex."""
        ...


class KeyStoreSigner:
    """Signs with the members' key files in a `KeyStore` folder."""

    def __init__(self, keys: KeyStore) -> None:
        self.keys = keys

    def sign(self, member: str, message: bytes) -> str:
        return self.keys.load(member).sign(message).hex()


class MemorySigner:
    """Members' keys held in memory; `add` makes one and returns its public key, hex."""

    def __init__(self) -> None:
        self._keys: dict[str, Ed25519PrivateKey] = {}

    def add(self, member: str) -> str:
        key = self._keys.setdefault(member, Ed25519PrivateKey.generate())
        return public_hex(key)

    def sign(self, member: str, message: bytes) -> str:
        if member not in self._keys:
            raise UsageError(f"no signing key for member {member!r}")
        return self._keys[member].sign(message).hex()


def signature_valid(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    """Whether a member's signature over `message` checks against its public key."""
    return verify(load_public(public_key_hex), signature_hex, message)


def new_secret() -> str:
    """A fresh webhook secret, `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix("whsec_"))


def webhook_signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value: `v1,<base64 HMAC-SHA256>`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def webhook_signature_valid(secret: str, msg_id: str, timestamp: int, body: bytes,
                            header: str) -> bool:
    """Whether any `v1,` signature in the header matches (constant-time comparison)."""
    expected = webhook_signature(secret, msg_id, timestamp, body)
    return any(hmac.compare_digest(expected, part) for part in header.split())
