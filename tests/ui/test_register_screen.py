"""The register screen: open the day, take payments, close against counted cash, past days read-only, documents."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import flet as ft

from app.client.models import PaymentIn
from app.domain.dates import long_day
from tests.ui.test_dashboard_screen import book_today

MADRID = ZoneInfo("Europe/Madrid")


def test_opening_the_day_stores_the_typed_float(ui, admin_ui, admin_api):
    admin_ui.navigate("register")
    assert ui.has_text("The register is not opened yet.")
    ui.type("Opening float", "80")
    ui.click("Open day")
    day = admin_api.register.register_day("today")
    assert day.opened and day.opening_float_minor == 8_000
    assert ui.has_text("Open, with an opening float of €80.00.")


def test_the_day_shows_payments_and_totals_by_method(ui, admin_ui, admin_api, staff_account):
    admin_api.register.open_day("today", opening_float_minor=10_000)
    admin_api.register.take(PaymentIn(amount_minor=4_500, method="card", kind="payment", artist_id=staff_account.id,
                                   note="flash piece"))
    admin_api.register.take(PaymentIn(amount_minor=2_000, method="cash", kind="tip", artist_id=staff_account.id))
    admin_ui.navigate("register")
    assert ui.has_text("Payments (2)") and ui.has_text("flash piece")
    assert ui.has_text("€45.00") and ui.has_text("€20.00") and ui.has_text("€65.00")
    assert ui.has_text("€120.00")  # expected cash: the float plus cash taken


def test_a_payment_typed_on_the_screen_reaches_the_register(ui, admin_ui, admin_api, staff_account):
    booked = book_today(admin_api, staff_account.id)
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_ui.navigate("register")
    ui.type("Amount", "50")
    ui.pick("Method", "card")
    ui.pick("Kind", "deposit")
    ui.pick("Session (optional)", booked.id)
    ui.type("Note", "deposit for the rose")
    ui.click("Add payment")
    [payment] = admin_api.register.register_day("today").payments
    assert (payment.amount_minor, payment.method, payment.kind) == (5_000, "card", "deposit")
    assert payment.session_id == booked.id and payment.note == "deposit for the rose"
    assert ui.field("Amount").value == "" and ui.has_text("Payments (1)")
    assert ui.has_text("Lucía Ferrer")  # who paid, named in the day's list
    assert ui.has_text("Bank transfer")  # the totals use the same method names as every other screen


def test_a_refused_payment_is_a_sentence_and_the_typed_amount_stays(ui, admin_ui, admin_api):
    admin_ui.navigate("register")
    ui.type("Amount", "12.345")
    ui.click("Add payment")
    assert ui.has_text("more than 2 decimals")
    ui.type("Amount", "30")
    ui.pick("Kind", "tip")
    ui.click("Add payment")  # a tip with no artist or session: the API says who it goes to
    assert ui.has_text("A tip goes to an artist")
    assert ui.field("Amount").value == "30"
    assert admin_api.register.register_day("today").payments == []


def test_closing_shows_expected_counted_and_difference_then_locks_the_day(ui, admin_ui, admin_api, staff_account):
    admin_api.register.open_day("today", opening_float_minor=10_000)
    admin_api.register.take(PaymentIn(amount_minor=7_000, method="cash", kind="payment", artist_id=staff_account.id))
    admin_ui.navigate("register")
    ui.type("Counted cash", "165")
    ui.click("Close day")
    assert ui.has_text("Expected cash: €170.00") and ui.has_text("Counted cash: €165.00")
    assert ui.has_text("There is €5.00 less than expected.")
    assert not admin_api.register.register_day("today").is_closed  # nothing happens before confirming
    ui.click("Confirm close")
    day = admin_api.register.register_day("today")
    assert day.is_closed and day.close.counted_cash_minor == 16_500 and day.close.difference_minor == -500
    assert ui.has_text("This day is closed and locked")
    assert not ui.find(ft.Button, lambda b: b.content in ("Add payment", "Close day", "Open day"))


def test_cancelling_the_close_keeps_the_day_open_and_the_count_typed(ui, admin_ui, admin_api):
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_ui.navigate("register")
    ui.type("Counted cash", "10")
    ui.click("Close day")
    ui.click("Cancel")
    assert not admin_api.register.register_day("today").is_closed
    assert ui.field("Counted cash").value == "10"


def test_past_days_are_read_only(ui, admin_ui, admin_api):
    admin_ui.navigate("register")
    ui.click("Previous day")
    yesterday = datetime.now(MADRID).date() - timedelta(days=1)
    assert admin_ui.view.day == yesterday
    assert ui.has_text(f"Register — {long_day(yesterday, 'en')}") and ui.has_text("This day was never opened.")
    assert not ui.find(ft.Button, lambda b: b.content in ("Add payment", "Open day"))
    ui.click("Next day")
    assert ui.find(ft.Button, lambda b: b.content == "Add payment")


def test_staff_see_only_today(ui, staff_ui):
    staff_ui.navigate("register")
    assert staff_ui.current == "register"
    assert not ui.find(ft.TextButton, lambda b: b.content in ("Previous day", "Next day"))


def test_the_z_report_is_saved_where_the_person_chooses(ui, admin_ui, admin_api, tmp_path, monkeypatch):
    target = tmp_path / "z.pdf"
    asked = []

    async def choose(_picker, **options):
        asked.append(options["file_name"])
        return str(target)

    monkeypatch.setattr(ft.FilePicker, "save_file", choose)
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_ui.navigate("register")
    ui.click("Z report (PDF)")
    assert asked and asked[0].startswith("z-report-") and target.read_bytes().startswith(b"%PDF")
    assert ui.has_text(f"Saved {asked[0]} to {target}.")


def test_a_file_name_windows_keeps_for_a_device_is_refused_in_words(ui, admin_ui, admin_api, tmp_path, monkeypatch):
    target = tmp_path / "NUL.pdf"  # on Windows this is the null device: the report would vanish

    async def choose(_picker, **_options):
        return str(target)

    monkeypatch.setattr(ft.FilePicker, "save_file", choose)
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_ui.navigate("register")
    ui.click("Z report (PDF)")
    assert not target.exists()
    assert ui.has_text("'NUL.pdf' cannot be used as a file name: Windows keeps that name for a device, "
                       "so nothing could be saved under it. Choose another name.")
