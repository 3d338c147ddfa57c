"""The listener's rate limiter: a sliding window per address, refusals counted, memory bounded."""

from __future__ import annotations

from app.api.intake_listener import limiter as limiter_module
from app.api.intake_listener.limiter import RateLimiter


class Ticks:
    """A clock the test moves by hand."""

    def __init__(self):
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


def test_allows_the_limit_per_window_then_refuses():
    ticks = Ticks()
    limiter = RateLimiter(3, 60.0, ticks)
    assert [limiter.allow("10.0.0.5") for _ in range(5)] == [True, True, True, False, False]
    assert limiter.allow("10.0.0.6")  # another address has its own window


def test_the_window_slides_and_a_flood_keeps_being_refused():
    ticks = Ticks()
    limiter = RateLimiter(2, 10.0, ticks)
    assert limiter.allow("a") and limiter.allow("a")
    for at, allowed in ((1005, False), (1009, False), (1012, False), (1030, True)):
        ticks.at = at
        # at 1012 only refused attempts are left in the window: they count, so hammering never gets through
        assert limiter.allow("a") is allowed, at


def test_memory_stays_bounded_under_many_addresses(monkeypatch):
    monkeypatch.setattr(limiter_module, "MAX_ADDRESSES", 50)
    ticks = Ticks()
    limiter = RateLimiter(2, 10.0, ticks)
    for n in range(500):
        limiter.allow(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter._seen) <= 51
    for _ in range(100):
        limiter.allow("flood")
    assert len(limiter._seen["flood"]) <= 4
