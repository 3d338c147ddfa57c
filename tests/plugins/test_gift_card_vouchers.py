"""Gift cards: a sale is a register payment and a voucher; redemptions pay sessions and take the balance down;
unknown, expired and overdrawn vouchers are refused with sentences, and a refused payment gives the amount back."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.errors import ConflictError, DomainError, NotFoundError
from app.plugins.spec import PaymentMethod
from tests.plugins.conftest import book
from tests.plugins.support_gift_cards import gift, redeem, sell


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/Madrid")).date()


def test_a_sale_is_a_register_payment_and_a_voucher_valid_twelve_months(rig):
    card = sell(rig, rig.staff, 5000, method="card", buyer="Zoë Дарья")
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", card.code)
    assert (card.amount_minor, card.balance_minor, card.buyer, card.expired) == (5000, 5000, "Zoë Дарья", False)
    assert card.expires_on == gift(rig).months_later(_today(), 12).isoformat()
    [payment] = rig.container.services.payments.list_payments(rig.admin, day="today")
    assert (payment.id, payment.amount_minor, payment.method, payment.kind) == (card.sale_payment_id, 5000, "card",
                                                                                 "payment")
    assert payment.session_id is None and payment.client_id is None and card.code in payment.note
    looked_up = gift(rig).balance(rig.container.services, rig.store("gift_cards"), rig.staff,
                                  card.code.lower().replace("-", " "))
    assert looked_up == card


def test_a_voucher_cannot_buy_a_voucher(rig):
    with pytest.raises(DomainError, match="cannot be paid with another gift card"):
        sell(rig, rig.staff, 5000, method="gift_card")
    assert rig.store("gift_cards").items("card:") == []


def test_redeem_part_then_the_rest_then_refuse_an_overdraw(rig):
    card = sell(rig, rig.staff, 5000)
    session = book(rig, quote_minor=8000)
    after = redeem(rig, rig.staff, card.code, 3000, session)
    assert after.balance_minor == 2000
    after = redeem(rig, rig.staff, card.code, 2000, session)
    assert after.balance_minor == 0
    paid = rig.container.services.payments.list_payments(rig.admin, session_id=session)
    assert sorted((p.amount_minor, p.method, p.kind) for p in paid) == [(2000, "gift_card", "payment"),
                                                                         (3000, "gift_card", "payment")]
    assert sorted(after.redemption_payment_ids) == sorted(p.id for p in paid)
    with pytest.raises(ConflictError, match="has only €0.00 left, less than €0.01"):
        redeem(rig, rig.staff, card.code, 1, session)
    assert rig.container.services.payments.session_balance(rig.admin, session).balance_minor == 3000


def test_an_unknown_code_is_refused(rig):
    session = book(rig, quote_minor=8000)
    with pytest.raises(NotFoundError, match="no gift card with this code"):
        redeem(rig, rig.staff, "AAAA-BBBB-CCCC", 1000, session)


def test_an_expired_voucher_is_refused_and_keeps_its_balance(rig):
    card = sell(rig, rig.staff, 5000)
    store = rig.store("gift_cards")
    store.update(f"card:{card.code}", lambda c: {**c, "expires_on": "2020-01-31"})
    session = book(rig, quote_minor=8000)
    with pytest.raises(ConflictError, match="expired on 2020-01-31"):
        redeem(rig, rig.staff, card.code, 1000, session)
    assert store.get(f"card:{card.code}")["balance_minor"] == 5000
    assert rig.container.services.payments.list_payments(rig.admin, session_id=session) == []


def test_more_than_the_balance_is_refused_before_any_money_moves(rig):
    card = sell(rig, rig.staff, 1000)
    session = book(rig, quote_minor=8000)
    with pytest.raises(ConflictError, match="has only €10.00 left, less than €20.00"):
        redeem(rig, rig.staff, card.code, 2000, session)
    assert rig.store("gift_cards").get(f"card:{card.code}")["balance_minor"] == 1000
    assert rig.container.services.payments.list_payments(rig.admin, session_id=session) == []


def test_a_payment_the_register_refuses_gives_the_amount_back_to_the_voucher(rig):
    card = sell(rig, rig.staff, 5000)
    session = book(rig, quote_minor=1000)
    with pytest.raises(DomainError):  # over-pays the session
        redeem(rig, rig.staff, card.code, 3000, session)
    store = rig.store("gift_cards")
    assert store.get(f"card:{card.code}")["balance_minor"] == 5000
    assert store.get(f"card:{card.code}")["redemptions"] == []


def test_months_later_keeps_the_day_or_takes_the_months_last(rig):
    later = gift(rig).months_later
    assert later(date(2026, 3, 14), 12) == date(2027, 3, 14)
    assert later(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert later(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_the_register_is_offered_gift_card_as_a_payment_method(rig):
    offered = dict(rig.calls("payment_methods", rig.staff))
    assert offered["gift_cards"] == [PaymentMethod(code="gift_card", label="Gift card", taken_by_plugin=True)]


def test_redemptions_at_once_never_spend_more_than_the_voucher_holds(rig):
    card = sell(rig, rig.staff, 1000)
    session = book(rig, quote_minor=9000)
    start, paid, refused, other = threading.Barrier(4), [], [], []

    def pay() -> None:
        start.wait()
        try:
            paid.append(redeem(rig, rig.staff, card.code, 400, session))
        except ConflictError as exc:
            refused.append(exc)
        except Exception as exc:  # reraised below: the test fails with it
            other.append(exc)

    workers = [threading.Thread(target=pay) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    if other:
        raise other[0]
    assert (len(paid), len(refused)) == (2, 2)
    assert rig.store("gift_cards").get(f"card:{card.code}")["balance_minor"] == 200
    payments = rig.container.services.payments.list_payments(rig.admin, session_id=session)
    assert sorted(p.amount_minor for p in payments) == [400, 400]
