"""The booking and money services refuse in the language the screens speak, with their values filled in and the
amounts in the studio's own format (a refusal is translated when it is raised, never at import)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core import i18n
from app.db.repos.settings import SettingsRepository
from app.domain import booking_rules
from app.domain.errors import ValidationError
from app.domain.register import DayClosedError, OverpaymentError
from tests.services.support_money_studio import MADRID


@pytest.fixture
def berlin(studio):
    """The money studio with a German locale (its amounts print as '60,00 €')."""
    with studio.db.write() as conn:
        SettingsRepository().save(conn, replace(MADRID, locale="de_DE"))
    return studio


def test_an_over_payment_is_refused_in_german_with_the_amounts_in_the_studios_format(berlin):
    session_id = berlin.session(50_00)
    with i18n.speaking("de"), pytest.raises(OverpaymentError) as refused:
        berlin.payments.take_payment(berlin.staff, amount_minor=60_00, method="cash", kind="payment",
                                     session_id=session_id)
    assert str(refused.value) == ("Diese Zahlung von 60,00\xa0€ würde den Termin überzahlen: Von einem Preis von "
                                  "50,00\xa0€ sind noch 50,00\xa0€ offen. Kassiere höchstens diesen Betrag oder "
                                  "erlaube eine Überzahlung.")


def test_the_same_refusal_stays_english_outside_a_german_request(berlin):
    session_id = berlin.session(50_00)
    with pytest.raises(OverpaymentError, match="This payment of 60,00\xa0€ would over-pay the session"):
        berlin.payments.take_payment(berlin.staff, amount_minor=60_00, method="cash", kind="payment",
                                     session_id=session_id)


def test_a_closed_day_is_refused_in_spanish_with_its_date(studio):
    studio.register.open_day(studio.staff, "today", 0)
    studio.register.close_day(studio.staff, "today", 0)
    with i18n.speaking("es"), pytest.raises(DayClosedError) as refused:
        studio.register.close_day(studio.admin, "today", 0)
    assert str(refused.value).startswith("La caja del 2025-01-15 ya está cerrada. Un día cerrado sigue cerrado;")


def test_a_booking_rule_speaks_french_with_its_numbers():
    with i18n.speaking("fr"), pytest.raises(ValidationError) as refused:
        booking_rules.check_duration(800)
    assert str(refused.value) == ("Une séance dure de 15 à 720 minutes, pas 800. Répartissez les travaux plus "
                                  "longs sur plusieurs séances.")
