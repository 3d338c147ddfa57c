"""The Clients and Client screens in the studio's language: a studio set to Spanish or German sees its labels,
buttons, empty-state lines, the form's sentences and the API's alerts in that language, and no English."""

from __future__ import annotations

from datetime import date

import pytest

from app.client.models import ClientCreateIn, MedicalIn, SettingsIn
from app.core import i18n
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.support_shell import log_in, make_shell
from tests.ui.test_client_detail_screen import history  # noqa: F401 (the fixture: a session, payment, consent, ink)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")


def open_studio_in(ui, api_url, admin_api, locale: str):
    """Set the studio's locale, then log in through the screens as the admin: they speak its language."""
    admin_api.update_settings(SettingsIn(locale=locale))
    shell = make_shell(ui, api_url)
    log_in(ui, ADMIN, ADMIN_PASSWORD)
    assert shell.user is not None, ui.texts()[:40]
    return shell


@pytest.fixture
def alba(admin_api):
    return admin_api.clients.create(ClientCreateIn(first_name="Alba", last_name="Ruiz", birth_date=date(1990, 3, 1),
                                                   phone="600111222", email="alba@example.com"))


def test_the_clients_list_and_the_new_client_form_speak_spanish(ui, api_url, admin_api, alba):
    admin_api.clients.save_medical(alba.id, MedicalIn(allergies="Látex"))
    shell = open_studio_in(ui, api_url, admin_api, "es_ES")
    shell.navigate("clients")
    for spanish in ("Clientes", "Buscar clientes", "Nuevo cliente", "Clientes añadidos recientemente", "Alerta médica"):
        assert ui.has_text(spanish), spanish
    assert ui.field("Buscar clientes").hint_text == "Nombre, teléfono o correo"
    for english in ("Search clients", "New client", "Recently added clients", "Medical alert"):
        assert not ui.has_text(english), english
    ui.type("Buscar clientes", "nadie")
    assert ui.has_text("Ningún cliente coincide con 'nadie'.")
    ui.type("Buscar clientes", "alba")
    assert ui.has_text("1 resultado")

    ui.click("Nuevo cliente")
    for label in ("Nombre", "Apellidos", "Fecha de nacimiento (AAAA-MM-DD)", "Teléfono", "Dirección",
                  "Contacto de emergencia", "Acepta recibir mensajes promocionales", "Guardar cliente", "Cancelar"):
        assert ui.has_text(label), label
    ui.click("Guardar cliente")
    assert ui.has_text("Escribe el nombre y los apellidos del cliente.")
    ui.type("Nombre", "Ana")
    ui.type("Apellidos", "Gil")
    ui.type("Fecha de nacimiento (AAAA-MM-DD)", "23/04/1990")
    ui.click("Guardar cliente")
    assert ui.has_text("'23/04/1990' no es una fecha. Escribe la fecha de nacimiento así: 1990-04-23.")
    ui.type("Fecha de nacimiento (AAAA-MM-DD)", "1990-04-23")
    ui.type("Teléfono", "600111222")  # Alba's: the API's duplicate warning, then the screen's own sentence
    ui.click("Guardar cliente")
    assert ui.has_text("Puede que este cliente ya esté registrado") and ui.has_text("Abrir a Alba Ruiz")
    assert ui.has_text("Crear de todos modos") and not ui.has_text("Create anyway")


@pytest.mark.usefixtures("history")
def test_a_clients_page_speaks_german_down_to_the_apis_alerts_and_sentences(ui, api_url, admin_api, alba):
    admin_api.clients.save_medical(alba.id, MedicalIn(allergies="Latex", medications="Sintrom"))
    shell = open_studio_in(ui, api_url, admin_api, "de_DE")
    shell.navigate("client", client_id=alba.id)
    for german in ("Bearbeiten", "Termin buchen", "Zurück zu Kunden", "Kontaktdaten", "Geboren:", "Telefon:",
                   "Werbenachrichten:", "nein", "Ausweis geprüft:", "noch nicht", "Ausweisprüfung erfassen",
                   "Gesundheitsfragebogen", "Allergien", "Schwanger oder stillend", "Fragebogen speichern",
                   "Version 1, gespeichert am", "Termine", "Left forearm · 90 Min.", "Zahlungen", "Insgesamt bezahlt:",
                   "Einwilligungen", "Formular v7, unterschrieben am", "Verwendete Farben",
                   "Eternal Lipstick Red, Charge LR-204 (haltbar bis", "Allergien: Latex",
                   "Nimmt sintrom: mit stärkerer Blutung rechnen."):
        assert ui.has_text(german), german
    for english in ("Contact details", "Book a session", "Medical profile", "Payments", "Total paid", "Inks used",
                    "Form v7, signed", "Allergies: Latex", "expect more bleeding", "not yet"):
        assert not ui.has_text(english), english

    ui.click("Ausweisprüfung erfassen")
    assert ui.has_text("Gib an, welchen Ausweis du geprüft hast, zum Beispiel Reisepass.")
    ui.click("Bearbeiten")
    ui.type("E-Mail", "keine-adresse")
    ui.click("Änderungen speichern")  # the API refuses it in the screens' language
    assert ui.has_text("'keine-adresse' ist keine E-Mail-Adresse: Sie sollte wie name@beispiel.de aussehen.")
