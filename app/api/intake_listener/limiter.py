"""A small in-memory rate limiter: at most `limit` requests per address in any `window` seconds."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_ADDRESSES = 4096  # beyond this many tracked addresses the quietest are forgotten (memory stays bounded)


class RateLimiter:
    """A sliding window per key (the caller's address); `allow` says whether one more request fits."""

    def __init__(self, limit: int, window: float, now: Callable[[], float] = time.monotonic):
        self.limit, self.window, self._now = limit, window, now
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one request for `key` and say whether it is within the limit (refused ones count too)."""
        now = self._now()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            times.append(now)
            if len(times) > self.limit * 2:
                times.popleft()  # a flood keeps at most 2x the limit in memory
            if len(self._seen) > MAX_ADDRESSES:
                self._forget(now)
            return len(times) <= self.limit

    def _forget(self, now: float) -> None:
        for key in [k for k, v in self._seen.items() if not v or v[-1] <= now - self.window]:
            del self._seen[key]
        while len(self._seen) > MAX_ADDRESSES:
            del self._seen[next(iter(self._seen))]
