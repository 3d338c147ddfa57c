"""A session's balance: quote - (deposits + payments - refunds), tips aside; no over-payment, no over-refund."""

from __future__ import annotations

import pytest

from app.domain.errors import NotFoundError
from app.domain.register import OverpaymentError, RefundLimitError


def _take(studio, amount, kind, method="cash", who=None, **extra):
    return studio.payments.take_payment(who or studio.staff, amount_minor=amount, method=method, kind=kind, **extra)


def test_balance_shows_each_part_and_deducts_the_deposit(studio):
    session_id = studio.session(400_00)
    _take(studio, 100_00, "deposit", "card", session_id=session_id)
    _take(studio, 250_00, "payment", session_id=session_id)
    _take(studio, 30_00, "tip", session_id=session_id)
    _take(studio, 20_00, "refund", session_id=session_id)
    balance = studio.payments.session_balance(studio.staff, session_id)
    assert (balance.quote_minor, balance.deposits_minor, balance.payments_minor) == (400_00, 100_00, 250_00)
    assert (balance.refunds_minor, balance.tips_minor) == (20_00, 30_00)
    assert balance.paid_minor == 330_00 and balance.balance_minor == 70_00


def test_a_payment_that_would_overpay_is_refused_unless_allowed(studio):
    session_id = studio.session(200_00)
    _take(studio, 50_00, "deposit", session_id=session_id)
    with pytest.raises(OverpaymentError, match=r"€150.00 is still due of a €200.00 quote"):
        _take(studio, 150_01, "payment", session_id=session_id)
    _take(studio, 150_00, "payment", session_id=session_id)
    with pytest.raises(OverpaymentError):
        _take(studio, 1, "deposit", session_id=session_id)
    _take(studio, 10_00, "payment", session_id=session_id, allow_overpay=True)
    assert studio.payments.session_balance(studio.staff, session_id).balance_minor == -10_00


def test_tips_never_count_as_overpayment(studio):
    session_id = studio.session(100_00)
    _take(studio, 100_00, "payment", "card", session_id=session_id)
    _take(studio, 25_00, "tip", session_id=session_id)
    assert studio.payments.session_balance(studio.staff, session_id).balance_minor == 0


def test_a_refund_cannot_exceed_what_was_paid_on_the_session(studio):
    session_id = studio.session(300_00)
    with pytest.raises(RefundLimitError, match=r"more than was paid on the session \(€0.00\)"):
        _take(studio, 1, "refund", session_id=session_id)
    _take(studio, 60_00, "deposit", session_id=session_id)
    _take(studio, 40_00, "tip", session_id=session_id)  # tips are the artist's, not refundable as the price
    with pytest.raises(RefundLimitError):
        _take(studio, 60_01, "refund", session_id=session_id)
    _take(studio, 60_00, "refund", session_id=session_id)
    assert studio.payments.session_balance(studio.staff, session_id).balance_minor == 300_00


def test_a_correcting_refund_cannot_exceed_what_is_left_of_the_payment_it_corrects(studio):
    session_id = studio.session(300_00)
    first = _take(studio, 100_00, "payment", "card", session_id=session_id)
    _take(studio, 100_00, "payment", "card", session_id=session_id)
    _take(studio, 70_00, "refund", "card", who=studio.admin, corrects_id=first.id)
    with pytest.raises(RefundLimitError, match="Refund at most €30.00"):
        _take(studio, 30_01, "refund", "card", who=studio.admin, corrects_id=first.id)
    _take(studio, 30_00, "refund", "card", who=studio.admin, corrects_id=first.id)


def test_refunding_a_tip_takes_back_the_tip_not_the_price(studio):
    session_id = studio.session(100_00)
    _take(studio, 100_00, "payment", "card", session_id=session_id)
    tip = _take(studio, 15_00, "tip", "card", session_id=session_id)
    _take(studio, 15_00, "refund", "card", who=studio.admin, corrects_id=tip.id)
    balance = studio.payments.session_balance(studio.staff, session_id)
    assert (balance.tips_minor, balance.refunds_minor, balance.balance_minor) == (0, 0, 0)


def test_balance_of_an_unknown_session_is_not_found(studio):
    with pytest.raises(NotFoundError, match="no such session"):
        studio.payments.session_balance(studio.staff, "no-such-session")
