"""Checking many Ed25519 signatures at once, in worker processes on every core.

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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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


class Checker:
    """Signatures checked while more are being made: each full chunk goes to the pool at
    once, so verification overlaps the signing of the next chunk."""

    CHUNK = 128

    def __init__(self, parallel: bool) -> None:
        self.parallel = parallel and workers() > 1
        self.pending: list[Job] = []
        self.parts: list[Any] = []

    def add(self, job: Job) -> None:
        self.pending.append(job)
        if len(self.pending) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            chunk, self.pending = self.pending, []
            self.parts.append(_pool(workers()).submit(_check, chunk) if self.parallel
                              else _check(chunk))

    def results(self) -> list[bool]:
        self._flush()
        return [ok for part in self.parts
                for ok in (part if isinstance(part, list) else part.result())]


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
