"""The dashboard: today's sessions (with the alert mark) open their detail, today's takings, charts for admins."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import flet as ft

from app.client.models import ClientCreateIn, MedicalIn, PaymentIn, SessionBookIn

MADRID = ZoneInfo("Europe/Madrid")


def book_today(api, artist_id: str, *, hour: int = 11, allergy: str = "latex"):
    """A client (with an allergy) booked today at `hour` studio time."""
    client = api.clients.create(ClientCreateIn(first_name="Lucía", last_name="Ferrer", birth_date=date(1994, 2, 3)))
    if allergy:
        api.clients.save_medical(client.id, MedicalIn(allergies=allergy))
    today = datetime.now(MADRID).date()
    start = datetime.combine(today, time(hour), MADRID)
    return api.sessions.book(SessionBookIn(client_id=client.id, artist_id=artist_id, starts_at=start,
                                           duration_min=120, quote_minor=30_000))


def test_today_sessions_show_time_artist_status_and_the_alert_mark(ui, admin_ui, admin_api, staff_account,
                                                                    monkeypatch):
    booked = book_today(admin_api, staff_account.id)
    admin_ui.navigate("dashboard")
    opened = []
    monkeypatch.setattr(admin_ui, "navigate", lambda name, **params: opened.append((name, params)))
    assert ui.has_text("Today's sessions (1)")
    assert ui.has_text("Lucía Ferrer") and ui.has_text("Sam Staff") and ui.has_text("11:00–13:00")
    assert ui.has_text("Booked") and ui.has_text("Medical alert")
    ui.click("Open Lucía Ferrer at 11:00")
    assert opened == [("session", {"session_id": booked.id})]


def test_a_day_with_nothing_booked_says_so(ui, admin_ui):
    assert admin_ui.current == "dashboard"
    assert ui.has_text("No sessions booked today.")


def test_today_takings_are_totalled_by_method(ui, admin_ui, admin_api, staff_account):
    admin_api.money.open_day("today", opening_float_minor=5_000)
    admin_api.money.take(PaymentIn(amount_minor=12_000, method="card", kind="payment", artist_id=staff_account.id))
    admin_api.money.take(PaymentIn(amount_minor=3_050, method="cash", kind="tip", artist_id=staff_account.id))
    admin_ui.navigate("dashboard")
    assert ui.has_text("The register is open.")
    assert ui.has_text("€120.00") and ui.has_text("€30.50") and ui.has_text("€150.50")


def test_admins_see_this_month_figures_and_two_charts_as_png(ui, admin_ui, admin_api, staff_account):
    admin_api.money.open_day("today", opening_float_minor=0)
    admin_api.money.take(PaymentIn(amount_minor=8_000, method="card", kind="payment", artist_id=staff_account.id))
    admin_ui.navigate("dashboard")
    assert ui.has_text("Average ticket") and ui.has_text("No-shows")
    images = ui.find(ft.Image)
    assert len(images) == 2
    assert all(isinstance(i.src, bytes) and i.src.startswith(b"\x89PNG") for i in images)



def test_staff_see_today_but_no_charts_or_figures(ui, staff_ui, admin_api, staff_account):
    book_today(admin_api, staff_account.id, allergy="")
    staff_ui.navigate("dashboard")
    assert ui.has_text("Today's sessions (1)") and ui.has_text("Today's takings")
    assert not ui.find(ft.Image) and not ui.has_text("Average ticket")
    assert not ui.has_text("Medical alert") and not ui.has_text("admins only")
