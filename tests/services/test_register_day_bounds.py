"""Register days that can be opened or closed lie within the studio's life: from a year before its first
record (set-up, register day or payment) up to today in the studio's zone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.errors import ValidationError

TODAY = date(2025, 1, 15)  # the money studio's clock; its set-up row is stamped later, at the real now


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1900, 1, 1), TODAY - timedelta(days=367)])
def test_an_admin_cannot_open_or_close_a_day_before_the_studios_life(studio, day):
    with pytest.raises(ValidationError, match="before this studio's records begin.*Check the date"):
        studio.register.close_day(studio.admin, day, 0)
    with pytest.raises(ValidationError, match="before this studio's records begin"):
        studio.register.open_day(studio.admin, day, 0)
    assert studio.register.day_summary(studio.admin, day).opened is False


def test_days_within_a_year_before_the_first_record_can_still_be_entered(studio):
    earliest = TODAY - timedelta(days=366)
    assert studio.register.close_day(studio.admin, earliest, 0).is_closed


def test_the_first_payment_day_moves_the_studios_start_back(studio):
    studio.clock.advance(-500 * 24 * 3600)
    studio.payments.take_payment(studio.staff, amount_minor=10_00, method="cash", kind="payment")
    studio.clock.advance(500 * 24 * 3600)
    old_day = TODAY - timedelta(days=500 + 300)
    assert studio.register.close_day(studio.admin, old_day, 0).is_closed


def test_tomorrow_is_refused_and_today_is_fine(studio):
    with pytest.raises(ValidationError, match="has not started yet"):
        studio.register.close_day(studio.admin, TODAY + timedelta(days=1), 0)
    assert studio.register.close_day(studio.staff, "today", 0).is_closed
