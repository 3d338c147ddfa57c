"""The booking and money screens in the studio's language: the frame, dashboard, calendar with its booking dialog,
a session's page, the register and the first-run wizard show no English once the studio speaks Spanish or German,
and the API's refusals on them come back in that language with their amounts in the studio's format."""

from __future__ import annotations

import pytest

from app.client.models import SettingsIn
from app.core import i18n
from app.ui.components.widgets import use_studio_locale
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.support_shell import log_in, make_shell
from tests.ui.test_dashboard_screen import book_today


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")
    use_studio_locale("en")


def studio_in(ui, api_url, admin_api, clock, locale: str):
    """The app logged in as the admin of a studio whose locale is `locale`."""
    admin_api.update_settings(SettingsIn(locale=locale))
    shell = make_shell(ui, api_url, clock)
    log_in(ui, ADMIN, ADMIN_PASSWORD)
    assert shell.user is not None, ui.texts()[:40]
    return shell


def english_left(ui, *texts: str) -> list[str]:
    return [text for text in texts if ui.has_text(text)]


def test_the_frame_and_the_dashboard_in_spanish(ui, api_url, admin_api, clock, staff_account):
    book_today(admin_api, staff_account.id)
    shell = studio_in(ui, api_url, admin_api, clock, "es_ES")
    shell.navigate("dashboard")
    assert ui.has_text("Hoy, ") and ui.has_text("Sesiones de hoy (1)") and ui.has_text("Caja de hoy")
    assert ui.has_text("Reservada") and ui.has_text("Alerta médica") and ui.has_text("Bloquear")
    assert ui.has_text("La caja aún no está abierta.") and ui.has_text("Efectivo") and ui.has_text("Total neto")
    assert ui.has_text("0,00\xa0€")  # money in the studio's format
    assert ui.has_text("Este mes") and ui.has_text("Ticket medio") and ui.has_text("Crear ZIP para la gestoría")
    assert english_left(ui, "Today's sessions", "Today's takings", "Booked", "Medical alert", "Lock", "Log out",
                        "Net total", "Cash", "Average ticket", "Make accountant ZIP", "€0.00") == []


def test_the_calendar_and_the_booking_dialog_in_german(ui, api_url, admin_api, clock, staff_account):
    shell = studio_in(ui, api_url, admin_api, clock, "de_DE")
    shell.navigate("calendar")
    assert ui.has_text("Woche vom") and ui.has_text("Vorherige Woche") and ui.has_text("Nächste Woche")
    assert ui.has_text("Heute") and ui.has_text("Tagesansicht") and ui.has_text("Nach Artist")
    assert ui.has_text("0 Termine. Klicke auf einen freien Platz") and ui.has_text("Gebucht")
    view = shell.view
    ui.click(f"slot {view.days()[0].isoformat()} 11:00")
    assert ui.has_text("Termin buchen") and ui.field("Kunde suchen") and ui.field("Dauer (Minuten)")
    ui.click("Buchen")
    assert ui.has_text("Wähle einen Kunden: Gib einen Teil des Namens bei 'Kunde suchen' ein und klicke ihn an.")
    assert english_left(ui, "Week of", "Previous week", "Next week", "Day view", "By artist", "Book a session",
                        "Find client", "Choose a client", "Booked", "sessions.") == []


def test_a_sessions_page_and_its_refusals_in_spanish(ui, api_url, admin_api, clock, staff_account):
    booked = book_today(admin_api, staff_account.id)
    shell = studio_in(ui, api_url, admin_api, clock, "es_ES")
    shell.navigate("session", session_id=booked.id)
    assert ui.has_text("Sesión de Lucía Ferrer") and ui.has_text("Pendiente: 300,00\xa0€")
    assert ui.has_text("Consentimiento") and ui.has_text("Tintas usadas") and ui.has_text("Pagos")
    assert ui.has_text("Confirmar") and ui.has_text("Cancelar sesión") and ui.has_text("Presupuesto:")
    ui.type("Importe", "400")
    ui.click("Cobrar")  # the API refuses in the screens' language, its amounts in the studio's format
    assert ui.has_text("Este pago de 400,00\xa0€ pagaría de más la sesión: quedan 300,00\xa0€ pendientes de un "
                       "presupuesto de 300,00\xa0€.")
    ui.click("Cancelar sesión")
    assert ui.has_text("¿Cancelar la sesión?") and ui.has_text("Sí, cancelar sesión")
    assert english_left(ui, "Session of", "Still to pay", "Consent form", "Save consent", "Inks used",
                        "Take payment", "Cancel session", "would over-pay", "Quote:") == []


def test_the_register_from_open_to_the_close_dialog_in_german(ui, api_url, admin_api, clock):
    shell = studio_in(ui, api_url, admin_api, clock, "de_DE")
    shell.navigate("register")
    assert ui.has_text("Kasse — ") and ui.has_text("Die Kasse ist noch nicht geöffnet.")
    assert ui.has_text("Z-Bericht (PDF)") and ui.has_text("Zahlung kassieren")
    ui.type("Wechselgeld", "80")
    ui.click("Tag öffnen")
    assert ui.has_text("Geöffnet, mit 80,00\xa0€ Wechselgeld.") and ui.has_text("Summen nach Zahlungsart")
    ui.type("Gezähltes Bargeld", "75")
    ui.click("Tag abschließen")
    assert ui.has_text("Kasse für den ") and ui.has_text("Es sind 5,00\xa0€ weniger als erwartet.")
    assert ui.has_text("Abschluss bestätigen") and ui.has_text("Abbrechen")
    assert english_left(ui, "Register —", "not opened", "Opening float", "Open, with", "Totals by method",
                        "less than expected", "Confirm close", "Cancel", "€80.00") == []


def test_the_first_run_wizard_in_spanish(ui, empty_api_url):
    i18n.set_default("es")  # the stick's last language (no studio yet, so no studio locale)
    make_shell(ui, empty_api_url)
    assert ui.has_text("Configura tu estudio") and ui.field("Nombre del estudio") and ui.field("Zona horaria")
    ui.click("Crear estudio")
    assert ui.has_text("Ponle un nombre al estudio.")
    assert english_left(ui, "Set up your studio", "Studio name", "Create studio", "Give the studio a name.") == []
