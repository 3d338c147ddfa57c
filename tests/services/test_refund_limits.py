"""Refunds give back at most what was paid in the same scope (a session, a client, or walk-ins with neither),
and a refund over the staff limit needs an admin."""

from __future__ import annotations

import pytest

from app.domain.bounds import STAFF_REFUND_LIMIT_MINOR
from app.domain.errors import ForbiddenError
from app.domain.register import RefundLimitError


def _take(studio, amount: int, kind: str, who=None, **where):
    return studio.payments.take_payment(who or studio.staff, amount_minor=amount, method="cash", kind=kind, **where)


def test_the_reported_client_only_refund_of_a_trillion_is_refused_and_the_day_stays_whole(studio):
    client = studio.client()
    _take(studio, 90_00, "payment", client_id=client)
    with pytest.raises(RefundLimitError, match="more than the client has paid"):
        _take(studio, 10**12, "refund", who=studio.admin, client_id=client)
    with pytest.raises(ForbiddenError, match="Only an admin"):
        _take(studio, 10**12, "refund", client_id=client)
    assert studio.register.day_summary(studio.admin, "today").expected_cash_minor == 90_00


def test_a_client_refund_counts_every_payment_of_the_client_less_earlier_refunds_and_tips(studio):
    client = studio.client()
    session = studio.session(500_00, client_id=client)
    _take(studio, 100_00, "deposit", session_id=session)
    _take(studio, 50_00, "payment", client_id=client)
    _take(studio, 20_00, "tip", session_id=session)
    _take(studio, 30_00, "refund", client_id=client)
    with pytest.raises(RefundLimitError, match="120.00"):
        _take(studio, 120_01, "refund", client_id=client)
    assert _take(studio, 120_00, "refund", client_id=client).amount_minor == 120_00
    with pytest.raises(RefundLimitError):
        _take(studio, 1, "refund", client_id=client)


def test_a_walk_in_refund_is_bounded_by_walk_in_payments(studio):
    _take(studio, 40_00, "payment")
    _take(studio, 70_00, "payment", client_id=studio.client())  # a named client's money is not a walk-in's
    with pytest.raises(RefundLimitError, match="walk-in"):
        _take(studio, 40_01, "refund")
    assert _take(studio, 40_00, "refund").amount_minor == 40_00
    with pytest.raises(RefundLimitError):
        _take(studio, 1, "refund")


def test_a_refund_over_the_staff_limit_needs_an_admin_and_up_to_it_staff_may(studio):
    session = studio.session(5_000_00)
    _take(studio, 3_000_00, "payment", session_id=session)
    with pytest.raises(ForbiddenError, match="Only an admin can record a refund over"):
        _take(studio, STAFF_REFUND_LIMIT_MINOR + 1, "refund", session_id=session)
    limit = _take(studio, STAFF_REFUND_LIMIT_MINOR, "refund", session_id=session)
    assert limit.amount_minor == STAFF_REFUND_LIMIT_MINOR
    big = _take(studio, 1_000_00, "refund", who=studio.admin, session_id=session)
    assert big.amount_minor == 1_000_00
    with pytest.raises(RefundLimitError, match="more than was paid on the session"):
        _take(studio, 3_000_00, "refund", who=studio.admin, session_id=session)
