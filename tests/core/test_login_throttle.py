"""Wrong passwords slow an account down more and more, but never lock it for good."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.clock import FixedClock
from app.core.throttle import FREE_TRIES, MAX_WAIT_S, LoginThrottle, wait_after
from app.domain.errors import AuthError, ThrottledError
from app.services.studio import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD


def test_wait_grows_with_failures_and_is_capped():
    waits = [wait_after(n) for n in range(FREE_TRIES, FREE_TRIES + 20)]
    assert waits == sorted(waits) and waits[0] > 0
    assert max(waits) == MAX_WAIT_S


def test_throttle_is_per_account(tmp_path):
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = LoginThrottle(tmp_path / "t.json", clock)
    for _ in range(FREE_TRIES + 1):
        throttle.failed("ana")
    with pytest.raises(ThrottledError):
        throttle.check("ANA")
    throttle.check("ben")


def test_wrong_passwords_throttle_then_the_right_one_works_after_the_wait(created, stick):
    clock = FixedClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    service = StudioService(stick, clock=clock)
    for _ in range(FREE_TRIES):
        with pytest.raises(AuthError, match="Wrong username or password"):
            service.unlock(ADMIN, "wrong")
    with pytest.raises(ThrottledError, match=r"Wait \d+ seconds? and try again") as raised:
        service.unlock(ADMIN, ADMIN_PASSWORD)  # even the right password waits its turn
    clock.advance(raised.value.retry_after + 0.01)
    service.unlock(ADMIN, ADMIN_PASSWORD).close()
    service.throttle.check(ADMIN)  # success forgets the failures


def test_no_permanent_lockout_after_many_failures(tmp_path):
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = LoginThrottle(tmp_path / "t.json", clock)
    for _ in range(200):
        throttle.failed("ana")
    clock.advance(MAX_WAIT_S + 1)
    throttle.check("ana")


def test_a_torn_throttle_file_forgets_rather_than_locks(tmp_path):
    path = tmp_path / "t.json"
    path.write_text("{not json")
    LoginThrottle(path).check("ana")
