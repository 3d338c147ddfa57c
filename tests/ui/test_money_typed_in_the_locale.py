"""Amounts are read as the screens' locale writes numbers: '50,00' typed in Spain or Germany is fifty euros, not
five thousand; thousands separators are understood; anything else is a sentence, never a wrong amount."""

from __future__ import annotations

import pytest

from app.ui.components.widgets import MoneyError, parse_money


@pytest.mark.parametrize(("typed", "locale", "minor"), [
    ("50,00", "es_ES", 5000), ("50,5", "es_ES", 5050), ("1.250", "es_ES", 125000), ("1.250.000", "es_ES", 125000000),
    ("50,00", "de_DE", 5000), ("1.250,50", "de_DE", 125050), ("120.50", "de_DE", 12050),  # a dot from the numpad
    ("1,250", "en", 125000), ("1,250.00", "en", 125000), ("1,250,000", "en", 125000000), ("12,5", "en", 1250),
    ("1 250,00", "fr_FR", 125000), ("1\u202f250,00", "fr_FR", 125000), ("€ 60", "it_IT", 6000),
    ("1'250.00", "de_CH", 125000), ("60", "pt_PT", 6000),
])
def test_an_amount_is_read_as_the_locale_writes_it(typed, locale, minor):
    assert parse_money(typed, "EUR", locale=locale) == minor


@pytest.mark.parametrize(("typed", "locale"), [
    ("1.255", "en"), ("12,345", "es_ES"), ("5O,00", "de_DE"), ("abc", "es_ES"), ("-5,00", "es_ES")])
def test_what_cannot_be_read_as_an_amount_is_a_sentence(typed, locale):
    with pytest.raises(MoneyError):
        parse_money(typed, "EUR", locale=locale)
