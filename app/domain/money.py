"""Money for people: minor units shown as the currency's major amount, in the studio's locale (the one formatter)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision


def money(minor: int, currency: str, locale: str = "en") -> str:
    """Minor units as the currency's major amount, formatted for the locale: 12550 EUR -> '€125.50'."""
    major = Decimal(minor).scaleb(-get_currency_precision(currency))
    return format_currency(major, currency, locale=locale)
