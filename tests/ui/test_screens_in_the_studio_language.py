"""The screens speak the studio's language: the login and lock screens in the stick's last language, the API's
sentences in the language the screens ask for, and the studio's locale chosen at login remembered on the stick."""

from __future__ import annotations

import pytest

from app.client.models import SettingsIn
from app.core import i18n
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.support_shell import log_in, make_shell


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")


def test_the_login_screen_and_the_apis_sentences_come_in_the_sticks_language(ui, api_url):
    i18n.set_default("es")
    shell = make_shell(ui, api_url)
    assert ui.has_text("Abrir el estudio") and not ui.has_text("Open the studio")
    ui.type("Usuario", ADMIN)
    ui.type("Contraseña", "not the password")
    ui.click("Entrar")
    assert shell.user is None
    assert ui.has_text("Usuario o contraseña incorrectos. Revisa ambos y vuelve a intentarlo.")


def test_the_studios_locale_becomes_the_screens_language_and_the_sticks_next_time(ui, api_url, admin_api, stick):
    admin_api.update_settings(SettingsIn(locale="de_DE"))
    make_shell(ui, api_url)
    log_in(ui, ADMIN, ADMIN_PASSWORD)
    assert i18n.current() == "de"
    assert stick.language.read_text() == "de"  # the login screen's language on this stick from now on
    ui.click("Sperren")  # the shell speaks German too
    assert ui.has_text("Gesperrt") and ui.has_text("Das Studio ist gesperrt.")
    ui.type("Passwort", ADMIN_PASSWORD)
    ui.click("Entsperren")
    assert not ui.has_text("Gesperrt")
