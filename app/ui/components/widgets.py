"""Small shared pieces of the screens: money in and out, the medical alert banner, status colours, sections."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import flet as ft
from babel.numbers import get_currency_precision

from app.domain.booking import STATUS_LABELS
from app.domain.money import money as _money
from app.domain.records import FALLBACK_TIMEZONE

STATUS_COLOURS = {
    "booked": ft.Colors.BLUE_400, "confirmed": ft.Colors.INDIGO_400, "in_progress": ft.Colors.AMBER_600,
    "done": ft.Colors.GREEN_600, "no_show": ft.Colors.GREY_500, "cancelled": ft.Colors.GREY_400,
}
ALERT_RED = ft.Colors.RED_700


def money(minor: int, currency: str) -> str:
    """Minor units as the studio's currency for people: 12550 EUR -> '€125.50'."""
    return _money(minor, currency)


class MoneyError(ValueError):
    """What someone typed is not an amount of money."""


def parse_money(text: str, currency: str, *, allow_zero: bool = True) -> int:
    """An amount typed by a person ('125', '125.5', '1,250.00') as minor units; a sentence if it is not one."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    for symbol in ("€", "$", "£", currency.upper()):
        cleaned = cleaned.replace(symbol, "")
    digits = get_currency_precision(currency)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(f"'{text}' is not an amount. Type digits, like 120 or 120.50.") from None
    if not amount.is_finite() or amount < 0:
        raise MoneyError(f"'{text}' is not an amount. Type a positive number, like 120 or 120.50.")
    if amount != amount.quantize(Decimal(1).scaleb(-digits)):
        raise MoneyError(f"'{text}' has more than {digits} decimals for {currency}.")
    if not allow_zero and amount == 0:
        raise MoneyError("The amount must be more than zero.")
    return int(amount.scaleb(digits))


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
                        ft.Text("Medical alert: " + "; ".join(alerts), color=ft.Colors.WHITE,
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
    """An instant as the studio's local day and time, e.g. 'Tue 03 Mar 2026 14:00' (UTC before settings load)."""
    zone = ZoneInfo(settings.timezone if settings is not None else FALLBACK_TIMEZONE)
    return instant.astimezone(zone).strftime("%a %d %b %Y %H:%M")


def status_chip(status: str) -> ft.Control:
    """A session status as a small coloured label."""
    return ft.Container(ft.Text(STATUS_LABELS.get(status, status), color=ft.Colors.WHITE, size=12),
                        bgcolor=STATUS_COLOURS.get(status, ft.Colors.GREY_500), border_radius=10,
                        padding=ft.Padding.symmetric(horizontal=8, vertical=2))


def banner(text: str) -> ft.Control:
    """A red line that cannot be missed: a backup is overdue or was refused."""
    return ft.Container(
        ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.WHITE),
                ft.Text(text, color=ft.Colors.WHITE, weight=ft.FontWeight.BOLD, expand=True)]),
        bgcolor=ALERT_RED, padding=ft.Padding.all(12), border_radius=6)
