"""Small shared pieces of the screens: money in and out, the medical alert banner, status colours, sections."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import flet as ft
from babel.dates import format_datetime
from babel.numbers import get_currency_precision, get_decimal_symbol, get_group_symbol

from app.core import i18n
from app.core.i18n import N_, _, ngettext
from app.domain import dates
from app.domain.booking import STATUS_LABELS
from app.domain.money import money as _money
from app.domain.records import FALLBACK_TIMEZONE

_studio_locale = i18n.SOURCE  # the studio's locale (e.g. es_ES), set by the shell when it reads the settings

STATUS_COLOURS = {
    "booked": ft.Colors.BLUE_400, "confirmed": ft.Colors.INDIGO_400, "in_progress": ft.Colors.AMBER_600,
    "done": ft.Colors.GREEN_600, "no_show": ft.Colors.GREY_500, "cancelled": ft.Colors.GREY_400,
}
ALERT_RED = ft.Colors.RED_700
TAKEN = {"deposit": N_("Deposit of %(amount)s taken."), "payment": N_("Payment of %(amount)s taken."),
         "tip": N_("Tip of %(amount)s taken."), "refund": N_("Refund of %(amount)s taken.")}


def use_studio_locale(code: str | None) -> None:
    """Format money, dates and numbers in the studio's locale from now on (called when the settings are read)."""
    global _studio_locale
    _studio_locale = code or i18n.SOURCE


def display_locale() -> str:
    """The locale for numbers and dates here and now: the studio's when the screens speak its language."""
    language = i18n.current()
    return _studio_locale if i18n.supported(_studio_locale) == language else language


def money(minor: int, currency: str) -> str:
    """Minor units as the studio's currency for people: 12550 EUR -> '€125.50' (in English)."""
    return _money(minor, currency, display_locale())


def taken(kind: str, minor: int, currency: str) -> str:
    """The sentence after a payment was taken: 'Deposit of €50.00 taken.'"""
    return _(TAKEN.get(kind, TAKEN["payment"]), amount=money(minor, currency))


def day_text(day: date) -> str:
    """A day for people in the screens' language: '1 de diciembre de 2026' (app.domain.dates)."""
    return dates.day_text(day, display_locale())


def long_day_text(day: date) -> str:
    """A day with its weekday in the screens' language: 'martes, 1 de diciembre de 2026' (app.domain.dates)."""
    return dates.long_day(day, display_locale())


class MoneyError(ValueError):
    """What someone typed is not an amount of money."""


MARKS = ".,'’"  # what people put between digits: decimal marks and thousands separators (1'250 in Switzerland)


def parse_money(text: str, currency: str, *, allow_zero: bool = True, locale: str | None = None) -> int:
    """An amount typed by a person as minor units, read as the screens' locale writes numbers ('1,250.00' in
    English, '1.250,00' or '50,5' in Spanish and German); a sentence if it is not one."""
    cleaned = "".join(text.split())  # spaces, including the narrow and non-breaking ones of grouped numbers
    for symbol in ("€", "$", "£", currency.upper()):
        cleaned = cleaned.replace(symbol, "")
    cleaned = _decimal_text(cleaned, locale or display_locale())
    digits = get_currency_precision(currency)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(_("'%(text)s' is not an amount. Type digits, like 120 or 120.50.", text=text)) from None
    if not amount.is_finite() or amount < 0:
        raise MoneyError(_("'%(text)s' is not an amount. Type a positive number, like 120 or 120.50.", text=text))
    if amount != amount.quantize(Decimal(1).scaleb(-digits)):
        raise MoneyError(ngettext("'%(text)s' has more than %(n)s decimal for %(currency)s.",
                                    "'%(text)s' has more than %(n)s decimals for %(currency)s.", digits,
                                    text=text, currency=currency))
    if not allow_zero and amount == 0:
        raise MoneyError(_("The amount must be more than zero."))
    return int(amount.scaleb(digits))


def _decimal_text(cleaned: str, locale: str) -> str:
    """The typed number with a dot as its one decimal mark: the last mark is the decimal one, unless every mark is
    the locale's thousands separator and groups three digits ('1.250' in German, '1,250' in English)."""
    marks = [c for c in cleaned if c in MARKS]
    if not marks:
        return cleaned
    last = max(cleaned.rfind(mark) for mark in set(marks))
    group = get_group_symbol(locale).replace("\u202f", " ").replace("\xa0", " ")
    grouping = (len(set(marks)) == 1 and marks[0] == group and marks[0] != get_decimal_symbol(locale)
                and len(cleaned) - last - 1 == 3)
    if grouping:
        return cleaned.replace(marks[0], "")
    head = "".join(c for c in cleaned[:last] if c not in MARKS)
    return f"{head}.{cleaned[last + 1:]}"


def major_text(minor: int, currency: str) -> str:
    """Minor units as a plain editable number: 12550 EUR -> '125.50'."""
    digits = get_currency_precision(currency)
    return str(Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits)))


def alert_banner(alerts: list[str]) -> ft.Control:
    """The red medical-alert banner shown wherever a client with alerts appears (empty when none)."""
    if not alerts:
        return ft.Container(visible=False)
    return ft.Container(
        bgcolor=ALERT_RED, padding=ft.Padding.all(12), border_radius=6,
        content=ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.WHITE),
                        ft.Text(_("Medical alert: %(alerts)s", alerts="; ".join(alerts)), color=ft.Colors.WHITE,
                                weight=ft.FontWeight.BOLD, expand=True)]))


def section(title: str, *controls: ft.Control) -> ft.Control:
    """A titled block of a screen."""
    return ft.Column([ft.Text(title, size=16, weight=ft.FontWeight.BOLD), *controls], spacing=8)


def heading(text: str) -> ft.Text:
    """A screen's title."""
    return ft.Text(text, size=22, weight=ft.FontWeight.BOLD)


def error_line() -> ft.Text:
    """A red line under a form where its error sentence goes (typed values stay in the fields)."""
    return ft.Text("", color=ALERT_RED, visible=False)


def show_error(line: ft.Text, message: str | None) -> None:
    """Put a sentence in an error line, or hide it when there is none."""
    line.value, line.visible = message or "", bool(message)


def local_text(instant: datetime, settings) -> str:
    """An instant as the studio's local day and time, e.g. 'Tue 03 Mar 2026 14:00' (UTC before settings load),
    with the day and month names of the screens' language."""
    zone = ZoneInfo(settings.timezone if settings is not None else FALLBACK_TIMEZONE)
    return format_datetime(instant.astimezone(zone), "EEE dd MMM yyyy HH:mm", locale=display_locale())


def status_chip(status: str) -> ft.Control:
    """A session status as a small coloured label."""
    return ft.Container(ft.Text(_(STATUS_LABELS.get(status, status)), color=ft.Colors.WHITE, size=12),
                        bgcolor=STATUS_COLOURS.get(status, ft.Colors.GREY_500), border_radius=10,
                        padding=ft.Padding.symmetric(horizontal=8, vertical=2))


def banner(text: str) -> ft.Control:
    """A red line that cannot be missed: a backup is overdue or was refused."""
    return ft.Container(
        ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.WHITE),
                ft.Text(text, color=ft.Colors.WHITE, weight=ft.FontWeight.BOLD, expand=True)]),
        bgcolor=ALERT_RED, padding=ft.Padding.all(12), border_radius=6)
