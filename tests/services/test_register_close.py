"""Opening and closing the register: float, expected against counted cash, and a closed day stays locked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent
from app.domain.errors import ValidationError
from app.domain.register import DayClosedError
from tests.services.support_money_studio import NOON

TODAY = date(2025, 1, 15)


def _take(studio, amount, kind, method="cash", who=None, **extra):
    return studio.payments.take_payment(who or studio.staff, amount_minor=amount, method=method, kind=kind, **extra)


def test_a_day_never_opened_has_a_zero_float(studio):
    summary = studio.register.day_summary(studio.staff, "today")
    assert (summary.day, summary.opened, summary.opening_float_minor) == (TODAY, False, 0)
    assert summary.expected_cash_minor == 0
    assert not summary.is_closed and summary.is_today and summary.payments == ()


def test_totals_by_method_and_kind_and_expected_cash(studio):
    session_id = studio.session(500_00)
    studio.register.open_day(studio.staff, "today", 150_00)
    _take(studio, 100_00, "deposit", "cash", session_id=session_id)
    _take(studio, 200_00, "payment", "card", session_id=session_id)
    _take(studio, 50_00, "payment", "cash", session_id=session_id)
    _take(studio, 20_00, "tip", "cash", session_id=session_id)
    _take(studio, 30_00, "refund", "cash", session_id=session_id)
    _take(studio, 10_00, "refund", "transfer", session_id=session_id)
    day = studio.register.day_summary(studio.staff, TODAY)
    assert day.opened and day.opening_float_minor == 150_00
    assert day.totals_by_method == {"cash": 140_00, "card": 200_00, "transfer": -10_00, "other": 0}
    assert day.totals_by_kind == {"deposit": 100_00, "payment": 250_00, "tip": 20_00, "refund": 40_00}
    assert day.net_total_minor == 330_00 and len(day.payments) == 6
    assert day.expected_cash_minor == 150_00 + 100_00 + 50_00 + 20_00 - 30_00


def test_closing_stores_expected_counted_difference_and_who(studio):
    studio.register.open_day(studio.staff, "today", 100_00)
    _take(studio, 45_00, "payment", "cash")
    _take(studio, 80_00, "payment", "card")
    studio.clock.advance(9 * 3600)
    closed = studio.register.close_day(studio.staff, "today", 140_00)
    assert closed.close.expected_cash_minor == 145_00 and closed.close.counted_cash_minor == 140_00
    assert closed.close.difference_minor == -5_00
    assert closed.close.closed_by == studio.staff.id and closed.close.closed_at == NOON + timedelta(hours=9)
    assert studio.register.day_summary(studio.admin, TODAY) == closed


def test_closing_twice_is_a_conflict(studio):
    studio.register.close_day(studio.staff, "today", 0)
    with pytest.raises(DayClosedError, match="already closed"):
        studio.register.close_day(studio.admin, "today", 0)


def test_no_payment_lands_on_a_closed_day(studio):
    studio.register.close_day(studio.staff, "today", 0)
    for who in (studio.staff, studio.admin):
        with pytest.raises(DayClosedError, match="Ask an admin to record a correcting entry on the next day"):
            _take(studio, 10_00, "payment", who=who)
    assert studio.register.day_summary(studio.staff, "today").payments == ()


def test_a_closed_day_cannot_be_reopened(studio):
    studio.register.open_day(studio.staff, "today", 50_00)
    studio.register.close_day(studio.staff, "today", 50_00)
    with pytest.raises(DayClosedError, match="cannot be reopened"):
        studio.register.open_day(studio.admin, "today", 50_00)


def test_the_float_can_change_while_the_day_is_open(studio):
    studio.register.open_day(studio.staff, "today", 50_00)
    assert studio.register.open_day(studio.staff, "today", 60_00).opening_float_minor == 60_00


def test_a_future_day_cannot_be_opened_or_closed(studio):
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(ValidationError, match="has not started yet"):
        studio.register.open_day(studio.admin, tomorrow, 0)
    with pytest.raises(ValidationError, match="has not started yet"):
        studio.register.close_day(studio.admin, tomorrow, 0)


@pytest.mark.parametrize("counted", [-1, 1.5, "100", None])
def test_counted_cash_must_be_whole_minor_units(studio, counted):
    with pytest.raises(ValidationError, match="whole number of cents"):
        studio.register.close_day(studio.staff, "today", counted)


def test_admin_correction_of_a_closed_day_lands_on_today_with_corrects_id(studio):
    wrong = _take(studio, 90_00, "payment", "cash")
    studio.register.close_day(studio.staff, "today", 90_00)
    studio.clock.advance(24 * 3600)
    fix = _take(studio, 90_00, "refund", "cash", who=studio.admin, corrects_id=wrong.id)
    assert fix.corrects_id == wrong.id and fix.register_day == TODAY + timedelta(days=1)
    yesterday = studio.register.day_summary(studio.admin, TODAY)
    assert yesterday.payments == (wrong,) and yesterday.close.expected_cash_minor == 90_00
    assert studio.register.day_summary(studio.staff, "today").expected_cash_minor == -90_00


def test_opening_and_closing_record_audit_events_with_amounts_only(studio):
    studio.register.open_day(studio.staff, "today", 100_00)
    studio.register.close_day(studio.staff, "today", 95_00)
    with studio.db.read() as conn:
        events = conn.execute(select(AuditEvent.action, AuditEvent.summary, AuditEvent.actor_id)
                              .where(AuditEvent.entity == "register_day").order_by(AuditEvent.at)).all()
    assert [(a, who) for a, _, who in events] == [("open", studio.staff.id), ("close", studio.staff.id)]
    assert "expected 10000, counted 9500, difference -500" in events[1][1]
