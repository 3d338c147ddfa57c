"""The dashboard: today's sessions (with the alert mark) open their detail, today's takings, charts and the
accountant's ZIP for admins."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
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
    admin_api.register.open_day("today", opening_float_minor=5_000)
    admin_api.register.take(PaymentIn(amount_minor=12_000, method="card", kind="payment", artist_id=staff_account.id))
    admin_api.register.take(PaymentIn(amount_minor=3_050, method="cash", kind="tip", artist_id=staff_account.id))
    admin_ui.navigate("dashboard")
    assert ui.has_text("The register is open.")
    assert ui.has_text("€120.00") and ui.has_text("€30.50") and ui.has_text("€150.50")


def test_admins_see_this_month_figures_and_two_charts_as_png(ui, admin_ui, admin_api, staff_account):
    admin_api.register.open_day("today", opening_float_minor=0)
    admin_api.register.take(PaymentIn(amount_minor=8_000, method="card", kind="payment", artist_id=staff_account.id))
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


def _last_month() -> tuple[date, date]:
    first_this = datetime.now(MADRID).date().replace(day=1)
    last = first_this - timedelta(days=1)
    return last.replace(day=1), last


def test_the_accountant_zip_button_makes_the_zip_and_says_where_it_is(ui, admin_ui, admin_api, stick, tmp_path,
                                                                      monkeypatch):
    first, last = _last_month()
    admin_ui.navigate("dashboard")
    assert ui.field("From (YYYY-MM-DD)").value == first.isoformat()
    assert ui.field("To (YYYY-MM-DD)").value == last.isoformat()
    ui.click("Make accountant ZIP")  # the handler awaits the polling loop, so the job is over when it returns
    name = f"accounting-{first.isoformat()}-to-{last.isoformat()}.zip"
    assert ui.has_text(f"The ZIP is ready: {name}") and ui.has_text(str(stick.exports))
    assert ui.find(ft.ProgressBar)[0].value == 1.0 and ui.has_text(f"100% — Wrote {name}")
    with zipfile.ZipFile(stick.exports / name) as archive:
        assert f"{name[:-4]}/manifest-sha256.txt" in archive.namelist()
    target = tmp_path / "copy.zip"

    async def choose(_picker, **options):
        assert options["file_name"] == name
        return str(target)

    monkeypatch.setattr(ft.FilePicker, "save_file", choose)
    ui.click("Save ZIP…")
    assert target.read_bytes() == (stick.exports / name).read_bytes()
    assert ui.has_text(f"Saved {name} to {target}.")


def test_a_mistyped_day_is_a_sentence_and_nothing_starts(ui, admin_ui, stick):
    admin_ui.navigate("dashboard")
    ui.type("From (YYYY-MM-DD)", "1st of May")
    ui.click("Make accountant ZIP")
    assert ui.has_text("Type the 'From' day as YYYY-MM-DD")
    assert ui.field("From (YYYY-MM-DD)").value == "1st of May"
    ui.type("From (YYYY-MM-DD)", "2026-05-31")
    ui.type("To (YYYY-MM-DD)", "2026-05-01")
    ui.click("Make accountant ZIP")
    assert ui.has_text("before it starts") and list(stick.exports.iterdir()) == []


def test_staff_have_no_accountant_zip(ui, staff_ui):
    staff_ui.navigate("dashboard")
    assert not ui.has_text("Accountant's ZIP") and not ui.find(ft.TextField)
