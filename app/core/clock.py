"""The one source of 'now', so tests and the demo can fix time."""

from __future__ import annotations

import time
from datetime import UTC, datetime


class Clock:
    """Wall-clock time in UTC; subclass or replace in tests."""

    def now(self) -> datetime:
        """Return the current time as an aware UTC datetime."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Return seconds from an arbitrary start, for measuring waits."""
        return time.monotonic()

    def timestamp(self) -> float:
        """Return the current POSIX time in seconds."""
        return self.now().timestamp()


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and deterministic demos."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        """Return the fixed instant (moved only by `advance`)."""
        return self.at

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        from datetime import timedelta

        self.at = self.at + timedelta(seconds=seconds)
