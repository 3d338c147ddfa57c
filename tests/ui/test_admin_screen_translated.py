"""The Admin screen in the studio's language: users, studio settings, what backups keep and the recent changes
show no English once the studio speaks Spanish or German; the sentences its forms answer with, and the dialog that
renews the studio's key, come in that language with their values filled in."""

from __future__ import annotations

import pytest

from app.core import i18n
from app.ui.components.widgets import use_studio_locale
from tests.conftest import STAFF
from tests.ui.test_booking_and_money_screens_translated import english_left, studio_in


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")
    use_studio_locale("en")


def test_the_admin_screen_and_its_sentences_in_spanish(ui, api_url, admin_api, clock, staff_account):
    shell = studio_in(ui, api_url, admin_api, clock, "es_ES")
    shell.navigate("admin")
    assert ui.has_text("Administración") and ui.has_text("Usuarios") and ui.has_text("Añadir un usuario")
    assert ui.field("Nombre visible") and ui.field("Contraseña inicial") and ui.field("Comisión %")
    assert ui.has_text("Activo") and ui.has_text("Personal") and ui.button(f"Hacer administrador a {STAFF}")
    assert ui.button(f"Restablecer la contraseña de {STAFF}") and ui.button(f"Desactivar a {STAFF}")
    assert ui.has_text("Ajustes del estudio") and ui.field("Edad mínima") and ui.field("Idioma y región")
    assert ui.field("Edad mínima").helper == "De 16 a 99." and ui.field("Moneda").helper == "Tres letras, como EUR."
    assert ui.has_text("Conservación de copias") and ui.has_text("Cambios recientes")
    assert ui.has_text("Se guardan: todas las copias de las últimas 24 horas; después, la más reciente de cada "
                       "periodo durante los últimos 7 días, las últimas 4 semanas y los últimos 12 meses;")
    assert english_left(ui, "Users", "Add a user", "Display name", "Initial password", "Create user", "Active",
                        "Studio settings", "Save settings", "Minimum age", "Backups kept", "Kept:",
                        "Recent changes", "Nothing recorded yet.", f"Make {STAFF} admin") == []
    ui.type("Usuario", "nora")
    ui.type("Nombre visible", "Nora Needles")
    ui.type("Contraseña inicial", "short")
    ui.click("Crear usuario")
    assert ui.has_text("La contraseña necesita al menos 8 caracteres.")
    ui.type("Edad mínima", "muchos")
    ui.click("Guardar ajustes")
    assert ui.has_text("«Edad mínima» debe ser un número entero (de 16 a 99).")
    ui.type("Todas las copias de las últimas (horas)", "200")
    ui.click("Guardar conservación")
    assert ui.has_text("Conservación de copias: las horas en que se guarda cada copia deben estar entre 1 y 168 "
                       "(una semana), no 200.")
    assert admin_api.settings().keep_hours == 24


def test_renewing_the_key_asks_in_german(ui, api_url, admin_api, clock, staff_account):
    shell = studio_in(ui, api_url, admin_api, clock, "de_DE")
    shell.navigate("admin")
    assert ui.has_text("Benutzer hinzufügen") and ui.has_text("Studioeinstellungen")
    ui.click(f"{STAFF} deaktivieren")
    assert ui.has_text(f"Sam Staff ({STAFF}) deaktivieren?")
    assert ui.has_text(f"{STAFF} kann sich nicht mehr anmelden; alle Anmeldungen enden jetzt.")
    assert ui.has_text("Das erneuert den Schlüssel des Studios: Die ganze Datenbank wird neu geschrieben")
    assert ui.button("Deaktivieren und Schlüssel erneuern")
    assert english_left(ui, "Deactivate and renew the key", "can no longer log in", "This renews the studio's key",
                        "Cancel") == []
    ui.click("Abbrechen")
    ui.click(f"Passwort von {STAFF} ist bekannt")
    assert ui.has_text(f"Das Passwort von Sam Staff ({STAFF}) ist bekannt geworden")
    ui.click("Setzen und Schlüssel erneuern")
    assert ui.has_text("Das Passwort braucht mindestens 8 Zeichen.")
    assert [u.active for u in admin_api.list_users() if u.username == STAFF] == [True]
