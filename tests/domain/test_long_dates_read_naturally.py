"""Long dates read as people write them in each language (Babel's standard formats and skeletons, no fixed
pattern): "martes, 1 de diciembre de 2026", "Dienstag, 1. Dezember 2026"."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.core import i18n
from app.domain import dates

DAY = date(2026, 12, 1)
FOUR_PM = datetime(2026, 12, 1, 16, 0)

LONG = {
    "en": "Tuesday, December 1, 2026",
    "en_GB": "Tuesday, 1 December 2026",
    "es_ES": "martes, 1 de diciembre de 2026",
    "de_DE": "Dienstag, 1. Dezember 2026",
    "fr_FR": "mardi 1 décembre 2026",
    "it_IT": "martedì 1 dicembre 2026",
    "pt_PT": "terça-feira, 1 de dezembro de 2026",
}
DAY_ONLY = {"en": "December 1, 2026", "es_ES": "1 de diciembre de 2026", "de_DE": "1. Dezember 2026",
            "fr_FR": "1 décembre 2026", "it_IT": "1 dicembre 2026", "pt_PT": "1 de dezembro de 2026"}
DAY_AND_MONTH = {"en": "December 1", "es_ES": "1 de diciembre", "de_DE": "1. Dezember", "fr_FR": "1 décembre",
                 "it_IT": "1 dicembre", "pt_PT": "1 de dezembro"}


@pytest.mark.parametrize("locale", LONG)
def test_a_day_with_its_weekday(locale):
    assert dates.long_day(DAY, locale) == LONG[locale]


@pytest.mark.parametrize("locale", DAY_ONLY)
def test_a_day_and_a_day_of_the_year(locale):
    assert dates.day_text(DAY, locale) == DAY_ONLY[locale]
    assert dates.day_and_month(DAY, locale) == DAY_AND_MONTH[locale]


def _plain(text: str) -> str:
    """Babel's thin and narrow spaces as plain ones."""
    return text.replace("\u2009", " ").replace("\u202f", " ")


def test_a_week_says_the_shared_year_once():
    first, last = date(2026, 11, 30), date(2026, 12, 6)
    assert _plain(dates.days_span(first, last, "es_ES")) == "30 nov – 6 dic 2026"
    assert _plain(dates.days_span(first, last, "de_DE")) == "30. Nov. – 6. Dez. 2026"
    assert _plain(dates.days_span(first, last, "en_GB")) == "30 Nov – 6 Dec 2026"
    assert _plain(dates.days_span(date(2026, 12, 1), date(2026, 12, 7), "en")) == "Dec 1 – 7, 2026"


@pytest.mark.parametrize(("locale", "expected"), [("es_ES", "1 de diciembre de 2026, 16:00"),
                                                  ("de_DE", "1. Dezember 2026, 16:00"),
                                                  ("fr_FR", "1 décembre 2026, 16:00"),
                                                  ("it_IT", "1 dicembre 2026 16:00"),
                                                  ("pt_PT", "1 de dezembro de 2026, 16:00")])
def test_a_moment_on_the_wall_clock(locale, expected):
    assert dates.moment_text(FOUR_PM, locale) == expected


def test_english_says_the_time_on_a_twelve_hour_clock():
    assert _plain(dates.moment_text(FOUR_PM, "en")) == "December 1, 2026, 4:00 PM"


def test_the_studios_locale_serves_its_own_language_and_another_language_its_own():
    with i18n.speaking("es"):
        assert dates.locale_for("es_MX") == "es_MX"
    with i18n.speaking("de"):
        assert dates.locale_for("es_ES") == "de"
        assert dates.long_day(DAY, dates.locale_for("es_ES")) == "Dienstag, 1. Dezember 2026"


def test_a_studio_in_its_own_english_keeps_its_dates_and_another_language_uses_its_own():
    with i18n.speaking("en"):
        assert dates.locale_for("en_GB") == "en_GB"  # a British studio reading English writes "3 March"
        assert dates.day_and_month(date(2026, 3, 3), dates.locale_for("en_GB")) == "3 March"
        assert dates.locale_for("es_ES") == "en"  # an English reader in a Spanish studio reads English dates
    with i18n.speaking("es"):
        assert dates.locale_for("es_ES") == "es_ES" and dates.locale_for("en_GB") == "es"
