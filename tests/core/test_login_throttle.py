"""Wrong passwords slow an account down more and more, but never lock it for good."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.core.clock import FixedClock
from app.core.throttle import EXPIRE_S, FREE_TRIES, MAX_ENTRIES, MAX_WAIT_S, LoginThrottle, wait_after
from app.domain.errors import AuthError, ThrottledError
from app.services.studio.service import StudioService
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


@pytest.mark.parametrize("text", ["[]", "null", '"text"', "7"])
def test_a_throttle_file_that_is_json_but_not_an_object_forgets_rather_than_fails(tmp_path, text):
    """Found by the type check: such a file used to raise AttributeError at every login and every failure."""
    path = tmp_path / "t.json"
    path.write_text(text)
    throttle = LoginThrottle(path)
    throttle.check("ana")
    throttle.failed("ana")
    assert len(json.loads(path.read_text())) == 1


def test_the_file_keeps_keyed_hashes_never_what_was_typed(tmp_path):
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = LoginThrottle(tmp_path / "throttle.json", clock)
    typed = "MySecretPassw0rd-typed-as-a-name"
    for _ in range(FREE_TRIES + 1):
        throttle.failed(typed)
    with pytest.raises(ThrottledError):
        throttle.check(typed.upper())  # still per account, case-insensitive
    stored = (tmp_path / "throttle.json").read_text()
    assert typed.casefold() not in stored.casefold() and "mysecret" not in stored.casefold()
    assert all(len(k) == 64 for k in json.loads(stored))
    key = (tmp_path / "throttle.key").read_bytes()
    assert len(key) == 32
    other = LoginThrottle(tmp_path / "other.json", clock)
    other.failed(typed)  # another stick has its own key, so the same name hashes differently
    assert set(json.loads(stored)).isdisjoint(json.loads((tmp_path / "other.json").read_text()))


def test_old_plaintext_entries_are_dropped_on_the_next_write(tmp_path):
    path = tmp_path / "throttle.json"
    path.write_text(json.dumps({"hunter2-typed-by-mistake": {"failures": 9, "last": 1.0}}))
    throttle = LoginThrottle(path, FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
    throttle.failed("ana")
    assert "hunter2" not in path.read_text() and len(json.loads(path.read_text())) == 1


def test_entries_expire_a_day_after_the_last_failure(tmp_path):
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = LoginThrottle(tmp_path / "t.json", clock)
    for _ in range(50):
        throttle.failed("ana")
    clock.advance(EXPIRE_S + 1)
    throttle.failed("ben")  # any write forgets expired entries
    state = json.loads((tmp_path / "t.json").read_text())
    assert len(state) == 1 and list(state.values())[0]["failures"] == 1
    throttle.failed("ana")  # ana starts counting anew
    assert sorted(e["failures"] for e in json.loads((tmp_path / "t.json").read_text()).values()) == [1, 1]


def test_the_file_is_capped_keeping_the_most_recent_failures(tmp_path):
    clock = FixedClock(datetime(2026, 1, 1, tzinfo=UTC))
    throttle = LoginThrottle(tmp_path / "t.json", clock)
    for i in range(MAX_ENTRIES + 40):
        throttle.failed(f"name-{i}")
        clock.advance(1)
    assert len(json.loads((tmp_path / "t.json").read_text())) == MAX_ENTRIES
    for _ in range(FREE_TRIES):
        throttle.failed(f"name-{MAX_ENTRIES + 39}")  # the newest account is still counted
    with pytest.raises(ThrottledError):
        throttle.check(f"name-{MAX_ENTRIES + 39}")
    throttle.check("name-0")  # the oldest was forgotten


def test_unlocking_writes_no_typed_name_under_data(created, stick):
    service, _ = created
    typed = "correct-horse-typed-in-the-name-box"
    with pytest.raises(AuthError):
        service.unlock(typed, "whatever password")
    for path in stick.data.rglob("*"):
        if path.is_file() and path.suffix != ".db":
            assert typed.encode() not in path.read_bytes(), path
