"""A session's page: status changes, consent with a drawn signature, inks used, payments and the balance."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import flet as ft
import pytest

from app.client.models import ClientCreateIn, InkLotIn, MedicalIn, PaymentIn, SessionBookIn, SessionStatusIn

MADRID = ZoneInfo("Europe/Madrid")


def book(api, client, artist_id: str):
    starts = datetime.combine(datetime.now(MADRID).date() + timedelta(days=1), time(11, 0), tzinfo=MADRID)
    return api.sessions.book(SessionBookIn(client_id=client.id, artist_id=artist_id, starts_at=starts,
                                           duration_min=120, placement="Left forearm", description="Rose",
                                           quote_minor=30000, deposit_required_minor=5000))


@pytest.fixture
def alba(admin_api):
    client = admin_api.clients.create(ClientCreateIn(first_name="Alba", last_name="Ruiz",
                                                     birth_date=date(1990, 3, 1)))
    admin_api.clients.save_medical(client.id, MedicalIn(allergies="Latex"))
    return client


@pytest.fixture
def session(admin_api, alba, staff_account):
    return book(admin_api, alba, staff_account.id)


@pytest.fixture
def opened(ui, staff_ui, session):
    staff_ui.navigate("session", session_id=session.id)
    return staff_ui


def sign(ui, view) -> None:
    pad = view_section(view, "consent").pad
    ui.fire(pad.detector, "pan_start", {"k": "mouse", "l": {"x": 20, "y": 40}, "g": {"x": 0, "y": 0}})
    for x, y in ((60, 90), (110, 30), (170, 100)):
        ui.fire(pad.detector, "pan_update", {"l": {"x": x, "y": y}, "g": {"x": 0, "y": 0}})


def dismissed(ui) -> None:
    """What the Flet client does once a closed dialog has animated away: it sends `dismiss`."""
    for dialog in [d for d in ui.page._dialogs.controls if not d.open]:
        ui.fire(dialog, "dismiss", None)


def view_section(view, name: str):
    return view.sections[name]


def test_the_page_shows_client_alert_artist_time_and_the_allowed_status_changes(ui, opened):
    assert ui.has_text("Session of Alba Ruiz") and ui.has_text("Medical alert: Allergies: Latex")
    assert ui.has_text("Sam Staff") and ui.has_text("11:00 – 13:00 (120 min)") and ui.has_text("Left forearm")
    for allowed in ("Confirm", "Mark no-show", "Cancel session"):
        assert ui.button(allowed)
    assert not ui.find(ft.Button, lambda b: b.content in ("Mark done", "Start session"))


def test_status_moves_along_with_the_version_read(ui, opened, admin_api, session):
    ui.click("Confirm")
    assert admin_api.sessions.get(session.id).status == "confirmed"
    ui.click("Start session")
    ui.click("Mark done")
    assert admin_api.sessions.get(session.id).status == "done"
    assert ui.has_text("only an admin can reopen it")


def test_cancelling_is_confirmed_first(ui, opened, admin_api, session):
    ui.click("Cancel session")
    ui.click("Keep it")
    dismissed(ui)
    assert admin_api.sessions.get(session.id).status == "booked"
    ui.click("Cancel session")
    ui.click("Yes, cancel session")
    assert admin_api.sessions.get(session.id).status == "cancelled"


def test_an_admin_can_reopen_a_finished_session(ui, admin_ui, admin_api, session):
    admin_api.sessions.set_status(session.id, SessionStatusIn(status="no_show"))
    admin_ui.navigate("session", session_id=session.id)
    ui.click("Reopen as Booked")
    assert admin_api.sessions.get(session.id).status == "booked"


def test_a_change_made_elsewhere_is_a_sentence(ui, opened, admin_api, session):
    admin_api.sessions.set_status(session.id, SessionStatusIn(status="confirmed"))
    ui.click("Confirm")
    assert ui.has_text("This session was changed by someone else; reload and try again.")
    assert admin_api.sessions.get(session.id).status == "confirmed"


def test_consent_is_saved_with_the_drawn_signature(ui, opened, admin_api, alba, session):
    ui.click("Save consent")
    assert ui.has_text("Ask the client to sign inside the box first.")
    sign(ui, opened.view)
    ui.type("Consent form version", "2026-03")
    ui.click("Save consent")
    consents = admin_api.consents.consents_of(alba.id)
    assert [(c.session_id, c.form_version, c.has_signature) for c in consents] == [(session.id, "2026-03", True)]
    assert ui.has_text("Form 2026-03 signed") and view_section(opened.view, "consent").pad.is_empty


def test_a_minor_needs_a_guardian_and_the_signature_stays_after_the_refusal(ui, staff_ui, admin_api, staff_account):
    today = datetime.now(MADRID).date()
    teen = admin_api.clients.create(ClientCreateIn(first_name="Teo", last_name="Gil",
                                                   birth_date=date(today.year - 17, 1, 1)))
    starts = datetime.combine(today + timedelta(days=1), time(11, 0), tzinfo=MADRID)
    session = admin_api.sessions.book(SessionBookIn(client_id=teen.id, artist_id=staff_account.id, starts_at=starts,
                                                    duration_min=60, guardian_consent_expected=True))
    staff_ui.navigate("session", session_id=session.id)
    sign(ui, staff_ui.view)
    ui.click("Save consent")
    assert ui.has_text("a parent or guardian must sign too")
    assert not view_section(staff_ui.view, "consent").pad.is_empty
    ui.type("Guardian name", "Marta Gil")
    ui.type("Guardian relation", "mother")
    ui.click("Save consent")
    [consent] = admin_api.consents.consents_of(teen.id)
    assert (consent.guardian_name, consent.guardian_relation) == ("Marta Gil", "mother")


def test_an_ink_lot_is_picked_and_recorded(ui, admin_api, staff_ui, session):
    lot = admin_api.inks.add_ink_lot(InkLotIn(brand="Eternal", colour="Lipstick Red", lot="LR-204",
                                                  expires_on=date.today() + timedelta(days=400)))
    staff_ui.navigate("session", session_id=session.id)
    ui.pick("Ink lot", lot.id)
    ui.click("Add ink")
    assert [i.lot for i in admin_api.inks.inks(session.id)] == ["LR-204"]
    assert ui.has_text("Eternal Lipstick Red · lot LR-204")


def test_an_expired_lot_is_refused_with_the_apis_sentence(ui, admin_api, staff_ui, session):
    lot = admin_api.inks.add_ink_lot(InkLotIn(brand="Dynamic", colour="Black", lot="OLD-1",
                                                  expires_on=date.today() - timedelta(days=3)))
    staff_ui.navigate("session", session_id=session.id)
    assert any("(expired)" in (o.text or "") for o in ui.field("Ink lot").options)
    ui.pick("Ink lot", lot.id)
    ui.click("Add ink")
    assert ui.has_text("Lot OLD-1 of Dynamic Black expired on")
    assert admin_api.inks.inks(session.id) == []


def test_a_new_ink_lot_can_be_recorded_from_the_session(ui, admin_api, opened, session):
    ui.type("Brand", "World Famous")
    ui.type("Colour", "Lining Black")
    ui.type("Lot number", "WF-77")
    ui.type("Expires on (YYYY-MM-DD)", (date.today() + timedelta(days=300)).isoformat())
    ui.click("Save ink lot")
    assert [lot.lot for lot in admin_api.inks.ink_lots()] == ["WF-77"]
    ui.click("Add ink")
    assert [i.lot for i in admin_api.inks.inks(session.id)] == ["WF-77"]


def test_a_payment_is_taken_and_the_balance_follows(ui, opened, admin_api, session):
    assert ui.has_text("Still to pay: €300.00") and ui.field("Kind").value == "deposit"
    ui.type("Amount", "50")
    ui.pick("Method", "cash")
    ui.click("Take payment")
    [payment] = admin_api.register.payments(session_id=session.id)
    assert (payment.amount_minor, payment.method, payment.kind) == (5000, "cash", "deposit")
    assert admin_api.register.balance(session.id).balance_minor == 25000
    assert ui.has_text("Still to pay: €250.00") and ui.field("Amount").value == ""


def test_a_bad_amount_or_a_closed_register_is_a_sentence_and_the_amount_stays(ui, opened, admin_api, session):
    ui.type("Amount", "12,5x")
    ui.click("Take payment")
    assert ui.has_text("'12,5x' is not an amount.")
    admin_api.register.close_day("today", 0)
    ui.type("Amount", "80")
    ui.click("Take payment")
    assert ui.has_text("is already closed, so no payment can be added")
    assert ui.field("Amount").value == "80"
    assert admin_api.register.payments(session_id=session.id) == []


def test_an_overpayment_is_refused_with_the_apis_sentence(ui, opened, admin_api, session):
    admin_api.register.take(PaymentIn(amount_minor=30000, method="card", kind="payment", session_id=session.id))
    ui.pick("Kind", "payment")
    ui.type("Amount", "10")
    ui.click("Take payment")
    assert ui.has_text("would over-pay the session")
