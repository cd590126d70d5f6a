"""Ed25519 signing keys: private keys in files of mode 0600 (optionally passphrase-encrypted).

A `KeyStore` is a folder (COALITION_HOME/keys); each key is `<name>.pem`, PKCS#8. Private keys
never go into the database: the store holds only public keys. A key file that others can
read is refused, as ssh does.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from coalition.errors import InputError, UsageError

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def public_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key, hex."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_public(hex_key: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))
    except ValueError as exc:
        raise InputError(f"not an Ed25519 public key (64 hex digits): {hex_key!r}") from exc


def verify(public: Ed25519PublicKey, signature_hex: str, message: bytes) -> bool:
    """Whether `signature_hex` is a valid Ed25519 signature of `message`."""
    try:
        public.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


class KeyStore:
    """A folder of private key files, one per member (and one for the log)."""

    def __init__(self, folder: Path, passphrase: bytes | None = None) -> None:
        self.folder = Path(folder)
        self.passphrase = passphrase or None
        self._cache: dict[str, Ed25519PrivateKey] = {}

    def path(self, name: str) -> Path:
        if not _NAME.match(name):
            raise UsageError(f"key name {name!r} must be lower-case letters, digits, . _ -")
        return self.folder / f"{name}.pem"

    def has(self, name: str) -> bool:
        return self.path(name).exists()

    def create(self, name: str) -> Ed25519PrivateKey:
        """A new key written to `<name>.pem` with mode 0600; refuses to overwrite one."""
        path = self.path(name)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(self.passphrase) if self.passphrase
            else serialization.NoEncryption()
        )
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 encryption)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise UsageError(f"a key already exists at {path}; it is never overwritten") from None
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        self._cache[name] = key
        return key

    def load(self, name: str) -> Ed25519PrivateKey:
        """The private key `name`; refuses a file readable by group or others."""
        if name in self._cache:
            return self._cache[name]
        path = self.path(name)
        if not path.exists():
            raise UsageError(f"no signing key for {name!r} at {path}; keys are made by "
                             "`coalition member add` (or copied there with mode 0600)")
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise InputError(f"key file has mode {mode:04o}, readable by others; "
                             f"run `chmod 600 {path}`", where=str(path))
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), self.passphrase)
        except (TypeError, ValueError) as exc:
            hint = ("a passphrase is needed (COALITION_KEY_PASSPHRASE)" if not self.passphrase
                    else "wrong passphrase or damaged file")
            raise InputError(f"cannot read the key: {hint} ({exc})", where=str(path)) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise InputError("not an Ed25519 private key", where=str(path))
        self._cache[name] = key
        return key

    # -- rotation: the new key is staged beside the current one until the log has it --------

    def create_staged(self, name: str) -> Ed25519PrivateKey:
        """A new key for `name`, written as `<name>.next.pem` (an earlier stage is replaced)."""
        self.drop_staged(name)
        return self.create(f"{name}.next")

    def drop_staged(self, name: str) -> None:
        self.path(f"{name}.next").unlink(missing_ok=True)
        self._cache.pop(f"{name}.next", None)

    def promote_staged(self, name: str) -> None:
        """The staged key becomes `name`'s key; the old file (if any) is kept, renamed
        `<name>.retired-<n>.pem`, never overwritten."""
        current = self.path(name)
        if current.exists():
            n = 1
            while self.path(f"{name}.retired-{n}").exists():
                n += 1
            current.rename(self.path(f"{name}.retired-{n}"))
        self.path(f"{name}.next").rename(current)
        self._cache[name] = self._cache.pop(f"{name}.next")

    def load_or_create(self, name: str) -> Ed25519PrivateKey:
        return self.load(name) if self.has(name) else self.create(name)
