"""Login, wrong passwords and throttling as sentences, the lock button, the idle lock, log out."""

from __future__ import annotations

from app.client.models import SettingsIn
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.support_shell import log_in, make_shell


def test_a_stick_with_a_studio_opens_on_the_login_screen(ui, api_url):
    make_shell(ui, api_url)
    assert ui.has_text("Open the studio")
    assert ui.field("Username") and ui.field("Password")


def test_the_admin_lands_on_the_dashboard_with_every_screen_in_the_menu(ui, admin_ui):
    assert admin_ui.current == "dashboard"
    labels = [d.label for d in admin_ui.rail.destinations]
    assert labels == ["Dashboard", "Calendar", "Clients", "Register", "Backups", "Admin"]
    assert ui.has_text("Needle & Nightshade")


def test_staff_land_on_the_calendar_and_see_no_admin_screen(ui, staff_ui):
    assert staff_ui.current == "calendar"
    assert "Admin" not in [d.label for d in staff_ui.rail.destinations]


def test_a_wrong_password_is_said_and_what_was_typed_stays(ui, api_url):
    shell = make_shell(ui, api_url)
    log_in(ui, ADMIN, "not the password")
    assert shell.user is None
    assert ui.has_text("password")  # the API's sentence, shown under the form
    assert ui.field("Username").value == ADMIN


def test_repeated_wrong_passwords_say_how_long_to_wait(ui, api_url):
    make_shell(ui, api_url)
    for _ in range(5):
        log_in(ui, ADMIN, "wrong again")
    assert ui.has_text("Wait") or ui.has_text("wait")


def test_empty_fields_are_asked_for_before_anything_is_sent(ui, api_url):
    shell = make_shell(ui, api_url)
    ui.click("Log in")
    assert ui.has_text("Type your username and password.")
    assert shell.user is None


def test_lock_hides_the_screen_and_the_password_brings_it_back_as_it_was(ui, admin_ui):
    admin_ui.navigate("clients")
    screen = admin_ui.body.content
    ui.click("Lock")
    assert admin_ui.locked and ui.has_text("Locked")
    assert screen not in ui.shown() and not ui.has_text("Dashboard")
    ui.type("Password", "wrong")
    ui.click("Unlock")
    assert admin_ui.locked
    ui.type("Password", ADMIN_PASSWORD)
    ui.click("Unlock")
    assert not admin_ui.locked
    assert admin_ui.current == "clients" and admin_ui.body.content is screen


def test_the_app_locks_itself_after_the_idle_minutes_of_the_settings(ui, admin_ui, clock, admin_api):
    admin_api.update_settings(SettingsIn(lock_after_minutes=5))
    admin_ui.reload_settings()
    clock.now += 4 * 60
    assert admin_ui.check_idle() is False
    clock.now += 61
    assert admin_ui.check_idle() is True
    assert ui.has_text("Locked after 5 idle minutes.")


def test_idle_lock_zero_means_never(ui, admin_ui, clock, admin_api):
    admin_api.update_settings(SettingsIn(lock_after_minutes=0))
    admin_ui.reload_settings()
    clock.now += 24 * 3600
    assert admin_ui.check_idle() is False and not admin_ui.locked


def test_log_out_returns_to_the_login_screen_and_ends_the_token(ui, admin_ui):
    client = admin_ui.client
    ui.click("Log out")
    assert admin_ui.user is None and ui.has_text("Open the studio")
    assert client.session.token is None
