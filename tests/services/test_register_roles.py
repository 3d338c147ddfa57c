"""Staff work today's register only; earlier days and correcting entries are for admins."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.domain.errors import AuthError, ForbiddenError

TODAY = date(2025, 1, 15)
YESTERDAY = TODAY - timedelta(days=1)


def test_staff_cannot_see_open_or_close_yesterdays_register(studio):
    with pytest.raises(ForbiddenError, match="Only an admin can see the register of a day other than today"):
        studio.register.day_summary(studio.staff, YESTERDAY)
    with pytest.raises(ForbiddenError):
        studio.register.open_day(studio.staff, YESTERDAY, 0)
    with pytest.raises(ForbiddenError):
        studio.register.close_day(studio.staff, YESTERDAY, 0)
    with pytest.raises(ForbiddenError):
        studio.payments.list_payments(studio.staff, day=YESTERDAY)


def test_admins_see_and_close_an_earlier_day_that_was_left_open(studio):
    studio.clock.advance(-24 * 3600)
    studio.payments.take_payment(studio.staff, amount_minor=30_00, method="cash", kind="payment")
    studio.clock.advance(24 * 3600)
    assert studio.register.day_summary(studio.admin, YESTERDAY).expected_cash_minor == 30_00
    closed = studio.register.close_day(studio.admin, YESTERDAY, 30_00)
    assert closed.close.difference_minor == 0 and not closed.is_today
    assert len(studio.payments.list_payments(studio.admin, day=YESTERDAY)) == 1


def test_staff_cannot_record_a_correcting_entry(studio):
    paid = studio.payments.take_payment(studio.staff, amount_minor=30_00, method="cash", kind="payment")
    with pytest.raises(ForbiddenError, match="Only an admin can record a correcting entry"):
        studio.payments.take_payment(studio.staff, amount_minor=30_00, method="cash", kind="refund",
                                     corrects_id=paid.id)


def test_staff_take_payments_and_see_and_close_today(studio):
    studio.register.open_day(studio.staff, "today", 10_00)
    studio.payments.take_payment(studio.staff, amount_minor=30_00, method="cash", kind="payment")
    assert studio.register.day_summary(studio.staff, TODAY).expected_cash_minor == 40_00
    assert studio.register.close_day(studio.staff, TODAY, 40_00).is_closed


def test_a_deactivated_or_missing_user_is_refused(studio):
    gone = replace(studio.staff, active=False)
    with pytest.raises(AuthError, match="deactivated"):
        studio.register.day_summary(gone, "today")
    with pytest.raises(AuthError, match="Log in first"):
        studio.register.close_day(None, "today", 0)


def test_staff_see_only_todays_payments_of_a_session_or_client_and_admins_every_day(studio):
    session = studio.session(100_00)
    studio.clock.advance(-24 * 3600)
    yesterday = studio.payments.take_payment(studio.staff, amount_minor=30_00, method="cash", kind="deposit",
                                             session_id=session)
    studio.clock.advance(24 * 3600)
    today = studio.payments.take_payment(studio.staff, amount_minor=20_00, method="card", kind="payment",
                                         session_id=session)
    for filters in ({"session_id": session}, {"client_id": today.client_id}):
        assert studio.payments.list_payments(studio.staff, **filters) == [today]
        assert {p.id for p in studio.payments.list_payments(studio.admin, **filters)} == {yesterday.id, today.id}
