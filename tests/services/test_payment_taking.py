"""Taking payments: append-only entries on today's register, defaults from the session, checked input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent
from app.domain.errors import AuthError, NotFoundError, ValidationError
from app.services.register.payments import PaymentService
from tests.services.support_money_studio import NOON


def test_payment_on_a_session_takes_client_and_artist_from_the_session(studio):
    client_id = studio.client()
    session_id = studio.session(300_00, client_id=client_id)
    paid = studio.payments.take_payment(studio.staff, amount_minor=50_00, method="card", kind="deposit",
                                        session_id=session_id)
    assert (paid.client_id, paid.artist_id, paid.session_id) == (client_id, studio.artist.id, session_id)
    assert (paid.taken_by, paid.taken_at, paid.register_day) == (studio.staff.id, NOON, date(2025, 1, 15))
    assert paid.corrects_id is None and paid.amount_minor == 50_00


def test_every_payment_records_an_audit_event_with_amounts_and_ids_only(studio):
    session_id = studio.session(300_00)
    paid = studio.payments.take_payment(studio.staff, amount_minor=120_00, method="cash", kind="payment",
                                        session_id=session_id, note="Paid by Jane Doe")
    with studio.db.read() as conn:
        event = conn.execute(select(AuditEvent).where(AuditEvent.entity_id == paid.id)).one()
    assert (event.actor_id, event.action, event.entity) == (studio.staff.id, "create", "payment")
    assert "12000" in event.summary and session_id in event.summary
    assert "Jane" not in event.summary and "Client" not in event.summary


@pytest.mark.parametrize("amount", [0, -100, 12.5, 12.0, "12", True, None])
def test_rejects_amounts_that_are_not_positive_whole_minor_units(studio, amount):
    with pytest.raises(ValidationError, match="whole number of cents"):
        studio.payments.take_payment(studio.staff, amount_minor=amount, method="cash", kind="payment")


@pytest.mark.parametrize(("method", "kind"), [("cheque", "payment"), ("cash", "gift"), ("CASH", "payment")])
def test_rejects_unknown_methods_and_kinds(studio, method, kind):
    with pytest.raises(ValidationError, match="Use one of"):
        studio.payments.take_payment(studio.staff, amount_minor=100, method=method, kind=kind)


def test_a_tip_goes_to_the_sessions_artist_or_must_name_one(studio):
    session_id = studio.session(100_00)
    tip = studio.payments.take_payment(studio.staff, amount_minor=10_00, method="cash", kind="tip",
                                       session_id=session_id)
    assert tip.artist_id == studio.artist.id
    with pytest.raises(ValidationError, match="A tip goes to an artist"):
        studio.payments.take_payment(studio.staff, amount_minor=10_00, method="cash", kind="tip",
                                     client_id=studio.client())
    direct = studio.payments.take_payment(studio.staff, amount_minor=5_00, method="card", kind="tip",
                                          artist_id=studio.artist.id)
    assert direct.artist_id == studio.artist.id and direct.client_id is None


def test_unknown_session_client_artist_or_corrected_payment_is_not_found(studio):
    take = studio.payments.take_payment
    with pytest.raises(NotFoundError, match="no such session"):
        take(studio.staff, amount_minor=100, method="cash", kind="payment", session_id="nope")
    with pytest.raises(NotFoundError, match="no such client"):
        take(studio.staff, amount_minor=100, method="cash", kind="payment", client_id="nope")
    with pytest.raises(NotFoundError, match="no artist"):
        take(studio.staff, amount_minor=100, method="cash", kind="tip", artist_id=studio.staff.id)
    with pytest.raises(NotFoundError, match="payment to correct does not exist"):
        take(studio.admin, amount_minor=100, method="cash", kind="refund", corrects_id="nope")


def test_a_session_cannot_be_paid_for_under_another_client(studio):
    session_id = studio.session(100_00)
    with pytest.raises(ValidationError, match="belongs to another client"):
        studio.payments.take_payment(studio.staff, amount_minor=100, method="cash", kind="payment",
                                     session_id=session_id, client_id=studio.client())


def test_a_correction_is_a_new_entry_and_the_original_stays_as_it_was(studio):
    session_id = studio.session(100_00)
    wrong = studio.payments.take_payment(studio.staff, amount_minor=80_00, method="card", kind="payment",
                                         session_id=session_id)
    fix = studio.payments.take_payment(studio.admin, amount_minor=80_00, method="card", kind="refund",
                                       corrects_id=wrong.id, note="Charged twice")
    assert fix.corrects_id == wrong.id and fix.session_id == session_id and fix.client_id == wrong.client_id
    listed = studio.payments.list_payments(studio.staff, session_id=session_id)
    assert listed == [wrong, fix]


def test_payments_list_by_session_client_or_day(studio):
    client_id = studio.client()
    one = studio.payments.take_payment(studio.staff, amount_minor=100, method="cash", kind="payment",
                                       client_id=client_id)
    other = studio.payments.take_payment(studio.staff, amount_minor=200, method="card", kind="payment")
    assert studio.payments.list_payments(studio.staff, client_id=client_id) == [one]
    assert studio.payments.list_payments(studio.staff, day="today") == [one, other]
    assert studio.payments.list_payments(studio.staff, day=date(2025, 1, 15)) == [one, other]
    with pytest.raises(ValidationError, match="Say which payments"):
        studio.payments.list_payments(studio.staff)


def test_nobody_signed_in_cannot_take_payments(studio):
    with pytest.raises(AuthError, match="Log in first"):
        studio.payments.take_payment(None, amount_minor=100, method="cash", kind="payment")
    with pytest.raises(AuthError):
        PaymentService(studio.db, studio.clock).session_balance(None, "any")
