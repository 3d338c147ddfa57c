"""The screens' long dates read as each language writes them: the register's title and the calendar's day view
in a Spanish and a German studio ("martes, 1 de diciembre de 2026", "Dienstag, 1. Dezember 2026"), never a fixed
pattern's "martes 01 diciembre 2026"."""

from __future__ import annotations

import re

import pytest

from app.core import i18n
from app.ui.components.widgets import use_studio_locale
from tests.ui.test_booking_and_money_screens_translated import studio_in

# The weekday, the day without a leading zero, the month's name and the year, with each language's own words
# between them.
SPANISH = re.compile(r"^[a-záéíóú]+, [1-9]\d? de [a-z]+ de \d{4}$")
GERMAN = re.compile(r"^[A-Z][a-z]+, [1-9]\d?\. [A-ZÄÖÜ][a-zä]+ \d{4}$")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_default("en")
    use_studio_locale("en")


def _titles(ui, prefix: str) -> list[str]:
    return [t[len(prefix):] for t in ui.texts() if t.startswith(prefix)]


@pytest.mark.parametrize(("locale", "title", "pattern"), [("es_ES", "Caja — ", SPANISH),
                                                         ("de_DE", "Kasse — ", GERMAN)])
def test_the_registers_title_names_its_day_as_the_language_writes_it(ui, api_url, admin_api, clock, locale, title,
                                                                     pattern):
    shell = studio_in(ui, api_url, admin_api, clock, locale)
    shell.navigate("register")
    [day] = _titles(ui, title)
    assert pattern.match(day), day


@pytest.mark.parametrize(("locale", "day_view", "pattern"), [("es_ES", "Vista diaria", SPANISH),
                                                            ("de_DE", "Tagesansicht", GERMAN)])
def test_the_calendars_day_view_names_its_day_as_the_language_writes_it(ui, api_url, admin_api, clock, locale,
                                                                        day_view, pattern):
    shell = studio_in(ui, api_url, admin_api, clock, locale)
    shell.navigate("calendar")
    ui.click(day_view)
    found = [t for t in ui.texts() if pattern.match(t)]
    assert found, ui.texts()[:40]
