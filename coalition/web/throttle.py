"""Slowing down password guessing: after `limit` failed log-ins for one user name within
`window` seconds, that name is refused until the oldest failure leaves the window. Only
failures count, so people who log in often are never held up; a success clears the name.
Per process, like the API's rate limits."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_NAMES = 100_000


class FailedLogins:
    def __init__(self, limit: int = 10, window: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked(self, key: str) -> float | None:
        """Seconds until `key` may try again, or None when it may now."""
        now = self.clock()
        with self._lock:
            times = self._recent(key, now)
            if len(times) < self.limit:
                return None
            return times[-self.limit] + self.window - now

    def failed(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) >= MAX_NAMES and key not in self._failures:
                self._failures = {k: v for k, v in self._failures.items()
                                  if self._recent(k, now)}
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
