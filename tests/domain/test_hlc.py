"""The hybrid logical clock: stamps sort as text in clock order, never go back, and a stamp from a device whose
clock is too far ahead is refused with a sentence that names the wrong clock."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.hlc import DRIFT_LIMIT_MS, MAX_COUNTER, ClockDriftError, Stamp, receive, tick

NOW = 1_800_000_000_000
MINUTE = 60_000


@given(st.lists(st.tuples(st.integers(NOW - 10**7, NOW + 10**7), st.booleans()), min_size=1, max_size=60))
def test_stamps_strictly_grow_and_sort_as_text_whatever_the_wall_clock_does(steps):
    last, seen = None, []
    for now, remote in steps:
        if remote:
            last = receive(last, Stamp(now - 5, 3, "b" * 32), now, "a" * 32)
        else:
            last = tick(last, now, "a" * 32)
        seen.append(last)
    assert all(x < y for x, y in zip(seen, seen[1:], strict=False))
    assert [s.text() for s in seen] == sorted(s.text() for s in seen)
    assert all(Stamp.parse(s.text()) == s for s in seen)


def test_the_counter_never_overflows_its_digits():
    last = Stamp(NOW, MAX_COUNTER, "a")
    assert tick(last, NOW, "a") == Stamp(NOW + 1, 0, "a")


def test_a_stamp_within_the_drift_limit_moves_the_clock_forward():
    merged = receive(Stamp(NOW, 0, "a"), Stamp(NOW + 2 * MINUTE, 7, "b"), NOW, "a")
    assert merged == Stamp(NOW + 2 * MINUTE, 8, "a")


def test_a_device_far_ahead_is_named_as_the_wrong_clock_when_the_relay_agrees_with_us():
    with pytest.raises(ClockDriftError, match=r"device bbbbbbbb .* 60 minutes in the future: its clock is wrong"):
        receive(None, Stamp(NOW + 60 * MINUTE, 0, "b" * 32), NOW, "a", reference_ms=NOW + 1000)


def test_this_computer_is_named_when_the_relay_agrees_with_the_other_device():
    with pytest.raises(ClockDriftError, match="This computer's clock is 60 minutes behind"):
        receive(None, Stamp(NOW + 60 * MINUTE, 0, "b" * 32), NOW, "a", reference_ms=NOW + 60 * MINUTE)


def test_without_a_third_clock_the_sentence_says_one_of_the_two_is_wrong():
    with pytest.raises(ClockDriftError, match="one of the two clocks is wrong"):
        receive(None, Stamp(NOW + DRIFT_LIMIT_MS + 1, 0, "b"), NOW, "a")


def test_text_that_is_not_a_stamp_is_refused():
    for text in ("", "123-00001-a", "1800000000000-0000x-a", "1800000000000-00001-"):
        with pytest.raises(ValueError):
            Stamp.parse(text)
