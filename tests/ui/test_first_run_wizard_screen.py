"""The first-run wizard: an empty stick asks for the studio and its admin, then shows the recovery key once."""

from __future__ import annotations

from app.client import StudioClient
from tests.ui.support_shell import make_shell


def _fill(ui, password_again="owner password"):
    ui.type("Studio name", "Ink Well")
    ui.pick("Currency", "GBP")
    ui.type("Time zone", "Europe/London")
    ui.type("Your name", "Olive Owner")
    ui.type("Admin username", "owner")
    ui.type("Admin password", "owner password")
    ui.type("Admin password again", password_again)


def test_an_empty_stick_opens_on_the_wizard(ui, empty_api_url):
    make_shell(ui, empty_api_url)
    assert ui.has_text("Set up your studio")


def test_the_recovery_key_is_shown_once_and_must_be_confirmed(ui, empty_api_url):
    shell = make_shell(ui, empty_api_url)
    _fill(ui)
    ui.click("Create studio")
    assert ui.has_text("Your recovery key")
    code = shell.view.created.recovery_code
    assert ui.has_text(code)
    assert ui.button("Open the studio").disabled
    ui.pick("I have written it down", True)
    assert not ui.button("Open the studio").disabled
    ui.click("Open the studio")
    assert shell.user.username == "owner" and shell.current == "dashboard"
    assert shell.settings.currency == "GBP"
    other = StudioClient(empty_api_url)
    assert other.login("owner", "owner password").role == "admin"
    other.close()


def test_mismatched_passwords_are_said_and_nothing_is_created(ui, empty_api_url):
    shell = make_shell(ui, empty_api_url)
    _fill(ui, password_again="something else")
    ui.click("Create studio")
    assert ui.has_text("The two passwords differ.")
    assert StudioClient(empty_api_url).health()["studio"] is False
    assert ui.field("Studio name").value == "Ink Well" and shell.user is None


def test_a_bad_time_zone_comes_back_as_the_api_sentence(ui, empty_api_url):
    make_shell(ui, empty_api_url)
    _fill(ui)
    ui.type("Time zone", "Mars/Olympus")
    ui.click("Create studio")
    assert ui.has_text("Mars/Olympus") or ui.has_text("time zone")
    assert not ui.has_text("Your recovery key")
