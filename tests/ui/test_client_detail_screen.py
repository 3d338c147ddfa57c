"""A client's page: alert banner, contact details and edit, ID check, medical profile, history, consents, inks."""

from __future__ import annotations

import base64
import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import flet as ft
import pytest
from PIL import Image

from app.client.models import ClientCreateIn, ConsentIn, InkLotIn, MedicalIn, PaymentIn, SessionBookIn

MADRID = ZoneInfo("Europe/Madrid")


def tiny_png() -> str:
    out = io.BytesIO()
    Image.new("L", (20, 10), 0).save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.fixture
def alba(admin_api):
    return admin_api.clients.create(ClientCreateIn(first_name="Alba", last_name="Ruiz", birth_date=date(1990, 3, 1),
                                                   phone="600111222", email="alba@example.com"))


@pytest.fixture
def history(admin_api, alba, staff_account):
    """A booked session with a deposit, a signed consent and an ink recorded."""
    starts = datetime.combine(datetime.now(MADRID).date() + timedelta(days=1), time(11, 0), tzinfo=MADRID)
    session = admin_api.sessions.book(SessionBookIn(client_id=alba.id, artist_id=staff_account.id, starts_at=starts,
                                                    duration_min=90, placement="Left forearm", quote_minor=30000))
    admin_api.register.take(PaymentIn(amount_minor=5000, method="card", kind="deposit", session_id=session.id))
    admin_api.consents.record_consent(session.id, ConsentIn(form_version="v7", signature_png_base64=tiny_png()))
    lot = admin_api.inks.add_ink_lot(InkLotIn(brand="Eternal", colour="Lipstick Red", lot="LR-204",
                                                  expires_on=date.today() + timedelta(days=400)))
    admin_api.inks.record_ink(session.id, lot.id)
    return session


def test_the_page_shows_the_banner_contact_history_consents_and_inks(ui, staff_ui, admin_api, alba, history):
    admin_api.clients.save_medical(alba.id, MedicalIn(allergies="Latex", medications="Sintrom daily"))
    staff_ui.navigate("client", client_id=alba.id)
    assert ui.has_text("Medical alert: Allergies: Latex; Takes sintrom: expect more bleeding.")
    assert ui.has_text("Alba Ruiz") and ui.has_text("600111222") and ui.has_text("alba@example.com")
    assert ui.field("Allergies").value == "Latex"
    assert ui.has_text("Sam Staff")
    assert ui.has_text("Left forearm · 90 min")
    assert ui.has_text("€50.00") and ui.has_text("Deposit")
    assert ui.has_text("Form v7, signed")
    assert ui.has_text("Eternal Lipstick Red, lot LR-204")


def test_a_client_without_alerts_has_no_banner(ui, staff_ui, alba):
    staff_ui.navigate("client", client_id=alba.id)
    assert not ui.has_text("Medical alert")
    assert ui.has_text("No sessions yet.") and ui.has_text("No consent signed yet.")


def test_saving_the_medical_profile_stores_a_version_and_shows_the_banner(ui, staff_ui, admin_api, alba):
    staff_ui.navigate("client", client_id=alba.id)
    ui.type("Allergies", "Nickel")
    ui.pick("Pregnant or breastfeeding", True)
    ui.click("Save medical profile")
    medical = admin_api.clients.get(alba.id).medical
    assert (medical.allergies, medical.pregnancy, medical.version) == ("Nickel", True, 1)
    assert ui.has_text("Medical alert: Allergies: Nickel; Pregnant: postpone the tattoo.")
    ui.type("Allergies", "")
    ui.pick("Pregnant or breastfeeding", False)
    ui.click("Save medical profile")
    assert admin_api.clients.get(alba.id).medical.version == 2
    assert not ui.has_text("Medical alert")


def test_edit_changes_the_contact_details(ui, staff_ui, admin_api, alba):
    staff_ui.navigate("client", client_id=alba.id)
    ui.click("Edit")
    assert ui.field("Phone").value == "600111222"
    ui.type("Phone", "699000111")
    ui.type("Address", "Calle Mayor 1, Madrid")
    ui.click("Save changes")
    saved = admin_api.clients.get(alba.id).client
    assert (saved.phone, saved.address, saved.email) == ("699000111", "Calle Mayor 1, Madrid", "alba@example.com")
    assert ui.has_text("699000111") and not ui.find(ft.AlertDialog, lambda d: d.open)


def test_a_refused_edit_says_why_and_keeps_the_form(ui, staff_ui, admin_api, alba):
    staff_ui.navigate("client", client_id=alba.id)
    ui.click("Edit")
    ui.type("Email", "not-an-email")
    ui.click("Save changes")
    assert ui.has_text("'not-an-email' is not an email address")
    assert ui.field("Email").value == "not-an-email"
    assert admin_api.clients.get(alba.id).client.email == "alba@example.com"


def test_the_id_check_is_recorded(ui, staff_ui, admin_api, alba):
    staff_ui.navigate("client", client_id=alba.id)
    ui.click("Record ID check")
    assert ui.has_text("Type which document you checked")
    ui.type("ID document type", "passport")
    ui.click("Record ID check")
    assert admin_api.clients.get(alba.id).client.id_check_type == "passport"


def test_a_session_in_the_history_opens_the_session(ui, staff_ui, alba, history):
    staff_ui.navigate("client", client_id=alba.id)
    tile = ui.find(ft.ListTile, lambda c: str(c.data).startswith("Session "))[0]
    ui.fire(tile, "click", None)
    assert staff_ui.current == "session" and staff_ui.view.session_id == history.id
