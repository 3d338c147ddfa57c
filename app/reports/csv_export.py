"""Payments as CSV for spreadsheets: UTF-8 with BOM, ISO dates, decimal amounts, formula cells defused.

The header and the kinds and methods are in the language of the request (`_()` when the file is written);
`amount` is signed (refunds negative) so that summing the column gives the net; it is a plain decimal in the
currency's own precision (125.50 EUR, 1500 JPY) with the studio locale's decimal symbol (125,50 in es_ES),
no grouping and no currency sign, beside a `currency` column. Where the decimal symbol is a comma, cells are
separated by semicolons, as the spreadsheets of those locales expect. Dates stay ISO (2026-03-14): every
spreadsheet reads and sorts them as dates, whatever its language. Clients appear by id only: no names, contact
details or notes (free text) leave the stick this way."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal, get_currency_precision, get_decimal_symbol

from app.core.i18n import N_, _
from app.domain.register import KIND_LABELS, Payment, method_names

HEADER = (N_("day"), N_("taken_at"), N_("payment_id"), N_("kind"), N_("method"), N_("amount"), N_("currency"),
          N_("session_id"), N_("client_id"), N_("artist_id"), N_("artist"), N_("taken_by"), N_("corrects_id"))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")  # a plain number (either decimal symbol) cannot be a formula: kept as is


def decimal_amount(minor: int, currency: str, locale: str = "en") -> str:
    """Minor units as a plain decimal string in the currency's precision, with the locale's decimal symbol and
    no grouping: 12550 EUR -> '125.50' ('125,50' in es_ES)."""
    digits = get_currency_precision(currency)
    return format_decimal(Decimal(minor).scaleb(-digits), format="0" + "." * bool(digits) + "0" * digits,
                          locale=locale)


def minor_units(text: str, currency: str) -> int:
    """The inverse of decimal_amount: '125.50' or '125,50' EUR -> 12550."""
    return int(Decimal(text.replace(",", ".")).scaleb(get_currency_precision(currency)))


def delimiter(locale: str) -> str:
    """The cell separator spreadsheets of the locale expect: ';' where the decimal symbol is a comma, else ','."""
    return ";" if get_decimal_symbol(locale) == "," else ","


def headings(names: Iterable[str]) -> list[str]:
    """A CSV header's column names in the current language (marked with N_ where they are defined)."""
    return [_(name) for name in names]


def guard_cell(value: object) -> str:
    """A cell's text, with a leading quote if a spreadsheet would otherwise run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def render_csv(header: Iterable[str], rows: Iterable[Iterable[object]], locale: str = "en") -> bytes:
    """Rows as CSV bytes: UTF-8 with a BOM (so spreadsheets pick the encoding), CRLF lines, every cell guarded,
    cells separated as the locale's spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter(locale))
    writer.writerow([guard_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([guard_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def payments_csv(payments: Iterable[Payment], *, currency: str, timezone: str,
                 names: Mapping[str, str], locale: str = "en", method_labels: Mapping[str, str] | None = None
                 ) -> bytes:
    """Payments as CSV rows; `taken_at` in the studio's time, with its offset; `names` maps user ids to names;
    amounts in the studio's `locale`, header, kinds and methods in the current language."""
    zone = ZoneInfo(timezone)
    kinds, methods = {k: _(v) for k, v in KIND_LABELS.items()}, method_names(method_labels)
    rows = ((p.register_day.isoformat(), p.taken_at.astimezone(zone).isoformat(timespec="seconds"), p.id,
             kinds.get(p.kind, p.kind), methods.get(p.method, p.method),
             decimal_amount(p.signed_minor, currency, locale), currency, p.session_id, p.client_id, p.artist_id,
             names.get(p.artist_id, "") if p.artist_id else "", names.get(p.taken_by, p.taken_by), p.corrects_id)
            for p in payments)
    return render_csv(headings(HEADER), rows, locale)
