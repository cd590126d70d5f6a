"""Time as a seam: the service asks a `Clock`, so deadlines and backoff can be tested."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current time, timezone-aware UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to (`advance`)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


def aware(value: datetime | None) -> datetime | None:
    """A datetime read back from the database as UTC-aware (SQLite returns naive ones)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
