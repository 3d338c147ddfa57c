"""The admin screen: create users who can log in, role, deactivate/reactivate, reset passwords, settings, refusal."""

from __future__ import annotations

import pytest

from app.client import StudioClient
from app.domain.errors import AuthError
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD


def can_log_in(url: str, username: str, password: str) -> bool:
    client = StudioClient(url)
    try:
        client.login(username, password)
        return True
    except AuthError:
        return False
    finally:
        client.close()


def by_name(api, username: str):
    return next(u for u in api.list_users() if u.username == username)


def test_an_admin_creates_a_user_who_can_then_log_in(ui, admin_ui, admin_api, api_url):
    admin_ui.navigate("admin")
    ui.type("Username", "nora")
    ui.type("Display name", "Nora Needles")
    ui.type("Initial password", "nora's password")
    ui.pick("Tattoo artist", True)
    ui.type("Commission %", "40")
    ui.click("Create user")
    nora = by_name(admin_api, "nora")
    assert (nora.display_name, nora.role, nora.is_artist, nora.commission_pct) == ("Nora Needles", "staff", True, 40)
    assert can_log_in(api_url, "nora", "nora's password")
    assert ui.has_text("Nora Needles") and ui.field("Username").value == ""
    assert "Nora Needles" in [a.display_name for a in admin_ui.artists]
    assert ui.has_text("User nora added as staff")  # the audit list shows it


def test_bad_or_refused_new_users_are_sentences_and_the_form_keeps_its_text(ui, admin_ui, admin_api, staff_account):
    admin_ui.navigate("admin")
    ui.type("Username", STAFF)
    ui.type("Display name", "Another Sam")
    ui.type("Initial password", "short")
    ui.click("Create user")
    assert ui.has_text("The password needs at least 8 characters.")
    ui.type("Initial password", "long enough now")
    ui.click("Create user")
    assert ui.has_text(f"The username '{STAFF}' is taken. Choose another.")
    assert ui.field("Display name").value == "Another Sam"
    assert [u.display_name for u in admin_api.list_users() if u.username == STAFF] == ["Sam Staff"]


def test_deactivating_ends_the_login_and_reactivating_sets_a_new_password(ui, admin_ui, admin_api, staff_account,
                                                                          api_url):
    admin_ui.navigate("admin")
    ui.click(f"Deactivate {STAFF}")
    assert ui.has_text("They can still open the backups taken before today, if they kept copies of them")
    assert ui.has_text("takes a few seconds on a big studio")
    ui.click("Deactivate and renew the key")
    assert by_name(admin_api, STAFF).active is False
    assert ui.has_text("The studio's key was renewed in")
    assert not can_log_in(api_url, STAFF, STAFF_PASSWORD)
    assert ui.has_text("Deactivated")
    ui.click(f"Reactivate {STAFF}")
    ui.type("New password", "a fresh start")
    ui.click("Reactivate")
    assert by_name(admin_api, STAFF).active is True
    assert can_log_in(api_url, STAFF, "a fresh start")


def test_a_leaked_password_is_replaced_and_the_key_renewed(ui, admin_ui, admin_api, staff_account, api_url):
    admin_ui.navigate("admin")
    ui.click(f"Password of {STAFF} leaked")
    ui.type("New password", "tiny")
    ui.click("Set it and renew the key")
    assert ui.has_text("The password needs at least 8 characters.")
    ui.type("New password", "after the leak")
    ui.click("Set it and renew the key")
    assert ui.has_text("the leaked password opens nothing made from now on".capitalize())
    assert not can_log_in(api_url, STAFF, STAFF_PASSWORD)
    assert can_log_in(api_url, STAFF, "after the leak")
    assert can_log_in(api_url, ADMIN, ADMIN_PASSWORD)


def test_role_change_and_password_reset(ui, admin_ui, admin_api, staff_account, api_url):
    admin_ui.navigate("admin")
    ui.click(f"Make {STAFF} admin")
    assert by_name(admin_api, STAFF).role == "admin"
    ui.click(f"Reset password of {STAFF}")
    ui.type("New password", "tiny")
    ui.click("Set password")
    assert ui.has_text("The password needs at least 8 characters.")
    ui.type("New password", "reset by the admin")
    ui.click("Set password")
    assert can_log_in(api_url, STAFF, "reset by the admin")
    assert not can_log_in(api_url, STAFF, STAFF_PASSWORD)


def test_the_admin_cannot_demote_themselves_and_is_told_why(ui, admin_ui, admin_api):
    admin_ui.navigate("admin")
    ui.click(f"Make {admin_ui.user.username} staff")
    assert ui.has_text("You cannot demote or deactivate yourself")
    assert by_name(admin_api, admin_ui.user.username).role == "admin"


def test_settings_are_saved_and_the_app_uses_them_at_once(ui, admin_ui, admin_api):
    admin_ui.navigate("admin")
    assert ui.field("Time zone").value == "Europe/Madrid"
    ui.type("Lock after idle (minutes, 0 = never)", "15")
    ui.type("Back up every (hours)", "6")
    ui.type("Studio name", "Needle & Nightshade II")
    ui.click("Save settings")
    saved = admin_api.settings()
    assert (saved.lock_after_minutes, saved.backup_every_hours, saved.studio_name) == (15, 6, "Needle & Nightshade II")
    assert admin_ui.settings.lock_after_minutes == 15


@pytest.mark.parametrize(("label", "typed", "sentence"), [
    ("Back up every (hours)", "30", "Back up every (hours) is not valid. 1 to 24."),
    ("Minimum age", "eighteen", "Minimum age must be a whole number (16 to 99)."),
])
def test_settings_out_of_bounds_are_sentences_and_nothing_is_saved(ui, admin_ui, admin_api, label, typed, sentence):
    before = admin_api.settings()
    admin_ui.navigate("admin")
    ui.type(label, typed)
    ui.click("Save settings")
    assert ui.has_text(sentence) and ui.field(label).value == typed
    assert admin_api.settings() == before


def test_backups_kept_are_saved_and_the_backups_screen_says_what_they_keep(ui, admin_ui, admin_api):
    admin_ui.navigate("admin")
    assert ui.has_text("Backups kept") and ui.has_text(admin_api.settings().backups_kept)
    assert ui.field("Newest of each day, for (days)").value == "7"
    ui.type("Every backup of the last (hours)", "12")
    ui.type("Newest of each day, for (days)", "10")
    ui.type("Newest of each week, for (weeks)", "0")
    ui.click("Save backups kept")
    saved = admin_api.settings()
    assert (saved.keep_hours, saved.keep_daily, saved.keep_weekly, saved.keep_monthly) == (12, 10, 0, 12)
    sentence = ("Kept: every backup of the last 12 hours, then the newest of each of the last 10 days and 12 "
                "months; the newest 2 safety copies taken before a restore or an upgrade, and of damaged databases.")
    assert saved.backups_kept == sentence and ui.has_text(sentence)
    admin_ui.navigate("backups")
    assert ui.has_text(sentence)


@pytest.mark.parametrize(("label", "typed", "sentence"), [
    ("Every backup of the last (hours)", "200",
     "Backups kept: the hours of every backup must be between 1 and 168 (a week), not 200."),
    ("Safety copies of each kind", "0",
     "Backups kept: the safety copies of each kind must be between 1 and 10, not 0."),
    ("Newest of each month, for (months)", "a year", "Newest of each month, for (months) must be a whole number "
                                                     "(0 to 120)."),
])
def test_backups_kept_out_of_bounds_are_sentences_and_nothing_is_saved(ui, admin_ui, admin_api, label, typed,
                                                                       sentence):
    before = admin_api.settings()
    admin_ui.navigate("admin")
    ui.type(label, typed)
    ui.click("Save backups kept")
    assert ui.has_text(sentence) and ui.field(label).value == typed
    assert admin_api.settings() == before


def test_staff_have_no_admin_entry_and_opening_it_shows_the_refusal(ui, staff_ui):
    assert "Admin" not in [d.label for d in staff_ui.rail.destinations]
    before = staff_ui.current
    staff_ui.navigate("admin")
    assert staff_ui.current == before
    assert ui.has_text("This is for admins only. Ask an admin to do it.")
    assert not ui.has_text("Studio settings")
