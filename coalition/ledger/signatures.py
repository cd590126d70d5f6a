"""Signing and checking many Ed25519 signatures at once, in worker processes on every core.

OpenSSL's Ed25519 verification holds the GIL, so large batches go to a process pool (started
once, with `spawn`); small ones are checked in place.
"""

from __future__ import annotations

import atexit
import functools
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from coalition.errors import InputError
from coalition.ledger.keys import load_public, verify

PARALLEL_FROM = 512

Job = tuple[str, str, bytes]  # public key hex, signature hex, message


@functools.lru_cache(maxsize=4096)
def _public(hex_key: str) -> Ed25519PublicKey:
    return load_public(hex_key)


def _check(jobs: Sequence[Job]) -> list[bool]:
    out = []
    for pub, sig, msg in jobs:
        try:
            key = _public(pub)
        except InputError:  # not a public key at all: nothing it could have signed
            out.append(False)
            continue
        out.append(verify(key, sig, msg))
    return out


@functools.cache
def _pool(workers: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    atexit.register(pool.shutdown, cancel_futures=True)
    return pool


def workers() -> int:
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1, 16)


SignJob = tuple[str, str, bytes]  # key name, registered public key hex, message


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


@functools.lru_cache(maxsize=256)
def _private(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def _sign_and_check(keys: dict[str, bytes], jobs: Sequence[SignJob]) -> list[tuple[str, bool]]:
    """Sign each message with its member's key, then verify the signature with the key the
    ledger has registered for the member (a key file that is not the registered key fails)."""
    out = []
    for name, pub, msg in jobs:
        sig = _private(keys[name]).sign(msg).hex()
        try:
            ok = verify(_public(pub), sig, msg)
        except InputError:
            ok = False
        out.append((sig, ok))
    return out


class _Chunks:
    """Work handed to the pool a chunk at a time, as soon as a chunk is full, so that it
    overlaps what the caller does next; in place when not parallel."""

    CHUNK = 128

    def __init__(self, parallel: bool) -> None:
        self.parallel = parallel and workers() > 1
        self.pending: list[Any] = []
        self.parts: list[Any] = []

    def _run(self, chunk: list[Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    def _push(self, job: Any) -> None:
        self.pending.append(job)
        if len(self.pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            chunk, self.pending = self.pending, []
            fn, *args = self._run(chunk)
            self.parts.append(_pool(workers()).submit(fn, *args) if self.parallel
                              else fn(*args))

    def results(self) -> list[Any]:
        self._flush()
        return [r for part in self.parts
                for r in (part if isinstance(part, list) else part.result())]


class Signer(_Chunks):
    """Signing and verification of the statements this process makes, in worker processes
    (with the raw private keys a chunk needs, over the pool's pipe, never to disk), so the
    writer canonicalises and checks the next statements meanwhile. `results()`: (signature
    hex, verified against the registered key) for each message, in order."""

    def __init__(self, parallel: bool) -> None:
        super().__init__(parallel)
        self.keys: dict[str, bytes] = {}

    def add(self, name: str, key: Ed25519PrivateKey, registered: str, message: bytes) -> None:
        if name not in self.keys:
            self.keys[name] = _raw(key)
        self._push((name, registered, message))

    def _run(self, chunk: list[Any]) -> tuple[Any, ...]:
        keys = {name: self.keys[name] for name in {j[0] for j in chunk}}
        return _sign_and_check, keys, chunk


class Checker(_Chunks):
    """Signatures checked while the caller reads on: `results()` says for each job whether
    its signature is valid."""

    CHUNK = 1024

    def add(self, job: Job) -> None:
        self._push(job)

    def _run(self, chunk: list[Any]) -> tuple[Any, ...]:
        return _check, chunk


def verify_all(jobs: Sequence[Job], *, parallel: bool | None = None) -> list[bool]:
    """For each (public key hex, signature hex, message): whether the signature is valid."""
    n = workers()
    if parallel is None:
        parallel = len(jobs) >= PARALLEL_FROM and n > 1
    if not parallel:
        return _check(jobs)
    size = -(-len(jobs) // (n * 2))
    chunks = [list(jobs[i:i + size]) for i in range(0, len(jobs), size)]
    return [ok for part in _pool(n).map(_check, chunks) for ok in part]
