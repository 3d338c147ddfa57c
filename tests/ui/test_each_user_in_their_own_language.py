"""Each user's screens in their own language: a German artist in a Spanish studio sees German while a Spanish
colleague, logged in at the same time in another window of the same process, sees Spanish; the top bar's menu
switches the screens at once and keeps the choice; the lock and login screens keep the stick's language."""

from __future__ import annotations

import pytest

from app.client.models import SettingsIn
from app.core import i18n
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tests.ui.support_driver import UiDriver
from tests.ui.support_shell import make_shell

FRAME = ("Calendar", "Clients", "Register", "Lock", "Log out", "Language")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")


@pytest.fixture
def second_ui():
    driver = UiDriver()
    yield driver
    driver.close()


def _in(lang: str, text: str) -> str:
    return i18n.catalog(lang).gettext(text)


def _log_in(ui: UiDriver, lang: str, username: str, password: str):
    """Log in through the login screen, whose labels are in `lang`."""
    ui.type(_in(lang, "Username"), username)
    ui.type(_in(lang, "Password"), password)
    ui.click(_in(lang, "Log in"))


def _speaks(ui: UiDriver, lang: str, other: str) -> bool:
    """The frame's labels show in `lang` and none in `other`."""
    texts = set(ui.texts())
    return (all(_in(lang, t) in texts for t in FRAME)
            and not any(_in(other, t) in texts for t in FRAME if _in(other, t) != _in(lang, t)))


def _go(ui: UiDriver, shell, screen: str) -> None:
    """Click a destination of the navigation rail, as a person would."""
    index = [name for name, *_ in shell._nav()].index(screen)
    ui.session.apply_patch(shell.rail._i, {"selected_index": index})
    ui.fire(shell.rail, "change", index)


@pytest.fixture
def spanish_studio(admin_api, staff_account):
    admin_api.update_settings(SettingsIn(locale="es_ES"))
    admin_api.set_user_language(staff_account.id, "de")
    return staff_account


def test_a_german_user_in_a_spanish_studio_sees_german_and_a_spanish_colleague_spanish(
        ui, second_ui, api_url, spanish_studio):
    german = make_shell(ui, api_url)
    _log_in(ui, "en", STAFF, STAFF_PASSWORD)
    assert german.user is not None and german.user.language == "de"
    assert _speaks(ui, "de", "es"), ui.texts()[:40]

    spanish = make_shell(second_ui, api_url)  # the login screen now in the studio's language
    _log_in(second_ui, "es", ADMIN, ADMIN_PASSWORD)
    assert spanish.user is not None and spanish.user.language is None
    assert _speaks(second_ui, "es", "de"), second_ui.texts()[:40]

    _go(ui, german, "clients")  # each window keeps its own language as they go on working, turn by turn
    _go(second_ui, spanish, "clients")
    assert _speaks(ui, "de", "es") and ui.has_text(_in("de", "New client"))
    assert _speaks(second_ui, "es", "de") and second_ui.has_text(_in("es", "New client"))


def test_the_menu_switches_the_screens_at_once_and_keeps_the_choice(ui, api_url, admin_api, spanish_studio):
    shell = make_shell(ui, api_url)
    _log_in(ui, "en", ADMIN, ADMIN_PASSWORD)
    assert _speaks(ui, "es", "de")
    studio_default = _in("es", "Studio default (%(language)s)") % {"language": "Español"}
    assert studio_default in ui.texts()

    ui.pick(_in("es", "Language"), "de")
    assert _speaks(ui, "de", "es"), ui.texts()[:40]
    assert admin_api.me().language == "de" and shell.user.language == "de"

    ui.click(_in("de", "Lock"))  # the lock screen keeps the stick's language, the frame comes back in German
    assert ui.has_text(_in("es", "The studio is locked.")) and not ui.has_text(_in("de", "The studio is locked."))
    ui.type(_in("es", "Password"), ADMIN_PASSWORD)
    ui.click(_in("es", "Unlock"))
    assert _speaks(ui, "de", "es")

    ui.pick(_in("de", "Language"), "")  # back to the studio's
    assert _speaks(ui, "es", "de")
    assert admin_api.me().language is None
