"""Rate limits per API token, behind a seam: `RateLimiter.acquire(key)` returns None when the
request may go on, or the seconds to wait before retrying.

`TokenBucket` is the in-memory implementation: each key earns `rate` requests per second up to
`burst`; it is per process, which is what one `coalition serve` is. A limiter shared by several
processes (Redis, the database) would implement the same method.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

MAX_KEYS = 100_000  # buckets kept; full ones are the first to go


class RateLimiter(Protocol):
    def acquire(self, key: str) -> float | None: ...


class TokenBucket:
    """A token bucket per key, thread-safe."""

    def __init__(self, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"a rate limit needs rate > 0 and burst >= 1; got {rate}, {burst}")
        self.rate, self.burst, self.clock = rate, float(burst), clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float | None:
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_KEYS:
                self._forget_full(now)
            return None

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have refilled: they are what a new bucket would be."""
        for key, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self.rate >= self.burst:
                del self._buckets[key]
