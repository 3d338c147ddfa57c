"""The registrations screen: reached from Clients; "New client by QR" shows the QR with its address beneath and
the self-test; the pending queue shows flags on top and accepts (new or merged) or rejects in one click."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import flet as ft

from app.client.models import ClientCreateIn
from tests.api.support_intake_listener import csrf_of, phone, signature_field
from tests.services.support_intake import form

MARKUP = "<b>bold</b><script>x()</script>"


def send_from_a_phone(api, **changes) -> None:
    """Open a code and send a whole form through the listener, as a phone does."""
    url = api.intake.open_code().url
    browser = phone(url)
    browser.get(url)
    sent = browser.post("/form", data={**form(**changes), "csrf": csrf_of(browser.get("/form").text),
                                       "signature": signature_field()})
    assert sent.status_code == 200, sent.text[:500]


def test_the_clients_screen_leads_to_the_registrations(ui, staff_ui):
    staff_ui.navigate("clients")
    ui.click("Registrations by QR")
    assert staff_ui.current == "intake" and ui.has_text("No registration is waiting.")


def test_new_client_by_qr_shows_the_code_its_address_and_the_self_test(ui, staff_ui, admin_api):
    staff_ui.navigate("intake")
    ui.click("New client by QR")
    [image] = ui.find(ft.Image)
    assert isinstance(image.src, bytes) and image.src.startswith(b"\x89PNG")
    assert ui.has_text("http://127.0.0.2:") and ui.has_text("/c/")
    assert ui.has_text("Self-test: the form answers on this address from this computer.")
    assert ui.has_text("guest Wi-Fi") and ui.has_text("firewall")
    assert admin_api.intake.listener().running
    ui.click("Withdraw the code")
    assert not admin_api.intake.listener().running


def test_a_pending_entry_shows_its_flags_as_text_and_is_accepted_in_one_click(ui, staff_ui, admin_api):
    send_from_a_phone(admin_api, allergies=MARKUP, medications="Xarelto")
    staff_ui.navigate("intake")
    assert ui.has_text("Lena Okafor born 1994-07-02")
    assert ui.has_text(f"Allergies: {MARKUP}") and ui.has_text("Takes xarelto: expect more bleeding.")
    ui.click("Accept as new client")
    assert ui.has_text("No registration is waiting.")
    [found] = admin_api.clients.search("Okafor")
    assert found.has_alert


def test_a_likely_client_is_offered_for_a_merge_and_a_reject_deletes(ui, staff_ui, admin_api):
    known = admin_api.clients.create(ClientCreateIn(first_name="Lena", last_name="Okafor", phone="611 222 333"))
    send_from_a_phone(admin_api)
    staff_ui.navigate("intake")
    ui.click("Merge into Lena Okafor")
    assert ui.has_text("No registration is waiting.")
    assert admin_api.clients.get(known.id).medical.version == 1
    send_from_a_phone(admin_api, first_name="Nobody")
    staff_ui.navigate("intake")
    ui.click("Reject")
    assert ui.has_text("No registration is waiting.") and admin_api.intake.pending() == []


def test_the_admin_sets_how_long_codes_last_and_the_consent_text(ui, admin_ui, admin_api):
    admin_ui.navigate("admin")
    ui.type("QR codes last (minutes)", "4")
    ui.type("Treatment consent clients sign by QR", "I agree.\nAftercare: keep it <b>clean</b>.")
    ui.click("Save settings")
    saved = admin_api.settings()
    assert (saved.intake_code_minutes, saved.consent_text) == (4, "I agree.\nAftercare: keep it <b>clean</b>.")
    opened = admin_api.intake.open_code()
    assert timedelta(minutes=3) < opened.expires_at - datetime.now(UTC) <= timedelta(minutes=4)
    browser = phone(opened.url)
    browser.get(opened.url)
    assert "Aftercare: keep it &lt;b&gt;clean&lt;/b&gt;." in browser.get("/form").text


def test_on_several_networks_staff_choose_the_one_phones_use(ui, staff_ui, admin_api, monkeypatch):
    monkeypatch.setenv("TATTOO_INTAKE_ADDRESS", "127.0.0.2,127.0.0.3")
    staff_ui.navigate("intake")
    ui.click("New client by QR")
    assert ui.has_text("This computer is on several networks.")
    ui.pick("Network address phones use", "127.0.0.3")
    ui.click("Show the QR code")
    assert ui.has_text("http://127.0.0.3:") and ui.has_text("Self-test: the form answers")
    assert admin_api.intake.listener().url.startswith("http://127.0.0.3:")
    ui.click("Withdraw the code")


def test_an_admin_opens_a_kiosk_code_and_saves_its_printable_card(ui, admin_ui, admin_api, tmp_path, monkeypatch):
    target = tmp_path / "card.pdf"
    asked = []

    async def choose(_picker, **options):
        asked.append(options["file_name"])
        return str(target)

    monkeypatch.setattr(ft.FilePicker, "save_file", choose)
    admin_ui.navigate("intake")
    ui.click("Kiosk code for the studio's tablet")
    assert ui.has_text("one client after another")
    ui.click("Save card")
    assert asked == ["scan-to-register.pdf"] and target.read_bytes().startswith(b"%PDF")
    assert ui.has_text(f"Saved scan-to-register.pdf to {target}.")
    ui.click("Withdraw the code")
    assert not admin_api.intake.listener().running


def test_staff_see_no_kiosk_code_and_a_new_client_code_has_no_card(ui, staff_ui):
    staff_ui.navigate("intake")
    assert not ui.has_text("Kiosk code for the studio's tablet")
    ui.click("New client by QR")
    assert not ui.has_text("Save card")
    ui.click("Withdraw the code")


FULL_MARKUP = "<b>bold</b> <script>alert(1)</script> &amp; <font color=red>x</font>"


def test_markup_in_every_field_shows_as_text_in_the_queue_and_on_the_client_s_page(ui, staff_ui, admin_api):
    fields = ("first_name", "last_name", "address", "emergency_contact", "allergies", "conditions", "skin_notes",
              "free_text")
    send_from_a_phone(admin_api, **{name: FULL_MARKUP for name in fields}, medications='=HYPERLINK("x")')
    staff_ui.navigate("intake")
    assert ui.has_text(f"{FULL_MARKUP} {FULL_MARKUP} born 1994-07-02")
    assert ui.has_text(f"Allergies: {FULL_MARKUP}")
    ui.click("Accept as new client")
    assert ui.has_text(f"{FULL_MARKUP} {FULL_MARKUP} was added.")
    [client] = admin_api.clients.search("bold")
    staff_ui.navigate("client", client_id=client.id)
    assert ui.has_text(f"{FULL_MARKUP} {FULL_MARKUP}") and ui.has_text(f"Allergies: {FULL_MARKUP}")
    assert ui.field("Allergies").value == FULL_MARKUP and ui.field("Medications").value == '=HYPERLINK("x")'
