"""A studio day in a real browser: client with an allergy, booking, drag to another day, deposit, day close."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.client import StudioClient

pytestmark = pytest.mark.e2e


def _header(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"  # the calendar's column title, e.g. "Mon 30 Nov"


def _slot(web, day: date, clock: str) -> tuple[float, float]:
    """The middle of a day column at an hour line: where a click books and a drop lands."""
    column = web.page.get_by_text(_header(day), exact=True).first.bounding_box()
    hour = web.page.get_by_text(clock, exact=True).first.bounding_box()
    return column["x"] + column["width"] / 2, hour["y"] + 8


def _eventually(check, seconds: float = 20):
    """Poll the API until `check()` gives something truthy (the browser acts a moment after the click)."""
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.3)
    return found


@pytest.fixture
def api(web_app):
    client = StudioClient(web_app.api_url)
    client.login("admin", "demo-admin")
    yield client
    client.close()


def test_a_whole_studio_day_in_the_browser(web, api, tmp_path):
    surname = f"Browser{int(time.time()) % 100000}"
    web.log_in("admin", "demo-admin")
    web.see("Today's sessions")

    # a new client with an allergy: the alert banner shows
    web.go("Clients")
    web.click("New client")
    web.fill("First name", "Paula")
    web.fill("Last name", surname)
    web.fill("Birth date (YYYY-MM-DD)", "1990-04-02")
    web.fill("Phone", f"+34 600 {surname[-5:]}")
    web.click("Save client")
    web.see("Save medical profile")
    web.fill("Allergies", "Latex")
    web.click("Save medical profile")
    web.see("Medical alert: Allergies: Latex")

    # book next Monday 20:00 by clicking the empty slot (next week is always in the future)
    web.go("Calendar")
    web.click("Next week")
    settings = api.settings()
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
    web.see(_header(monday))
    time.sleep(1)
    web.page.mouse.click(*_slot(web, monday, "20:00"))
    web.fill("Find client", surname)
    time.sleep(1)
    web.click(f"Paula {surname}")
    artist = api.artists()[0]
    web.page.get_by_role("radio", name=artist.display_name).click()
    web.fill("Duration (minutes)", "60")
    web.fill("Quote", "200")
    web.fill("Deposit required", "50")
    web.click("Book")
    week = (datetime.combine(monday, datetime.min.time(), ZoneInfo(settings.timezone)),
            datetime.combine(monday + timedelta(days=7), datetime.min.time(), ZoneInfo(settings.timezone)))
    [booked] = _eventually(lambda: [s for s in api.sessions.between(*week) if s.client_name == f"Paula {surname}"])
    web.see(f"Booked Paula {surname}")  # the calendar's message; the block is drawn with it
    assert booked.client_has_alert and booked.artist_id == artist.id and booked.deposit_required_minor == 5000

    # drag its block (drawn where it was booked) to Wednesday 20:00; the API says it moved
    time.sleep(1.5)
    wednesday = _slot(web, monday + timedelta(days=2), "20:00")
    web.drag(_slot(web, monday, "20:00"), wednesday)
    moved = _eventually(lambda: (s := api.sessions.get(booked.id)).version > booked.version and s)
    local = moved.starts_at.astimezone(ZoneInfo(settings.timezone))
    assert (local.date(), local.strftime("%H:%M")) == (monday + timedelta(days=2), "20:00")
    assert moved.version == booked.version + 1

    # open it (the block is now on Wednesday) and take the deposit
    time.sleep(1.5)
    web.page.mouse.click(*wednesday)
    web.see("Take payment")
    web.fill("Amount", "50")
    web.click("Take payment")
    web.see("Still to pay: €150.00")
    assert _eventually(lambda: [p.amount_minor for p in api.register.payments(session_id=booked.id)]) == [5000]

    # close the day with the cash counted
    web.go("Register")
    web.see("Close the day")
    expected = api.register.register_day("today").expected_cash_minor
    web.fill("Counted cash", f"{expected / 100:.2f}")
    web.click("Close day")
    web.click("Confirm close")
    day = _eventually(lambda: (d := api.register.register_day("today")).is_closed and d)
    assert day and day.close.counted_cash_minor == expected
    web.screenshot(tmp_path / "closed-day.png")  # and nothing was fetched off this computer: see conftest.py


def test_staff_cannot_reach_admin_screens_in_the_browser(web):
    web.log_in("staff", "demo-staff")
    web.see("Previous week")  # staff land on the calendar
    for screen in ("Calendar", "Clients", "Register", "Backups"):
        assert web.page.get_by_role("button", name=screen, exact=False).count() >= 1
    assert web.page.get_by_role("button", name="Admin", exact=False).count() == 0
