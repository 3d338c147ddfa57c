"""Payments as CSV for spreadsheets: UTF-8 with BOM, ISO dates, decimal amounts, formula cells defused.

`amount` is signed (refunds negative) so that summing the column gives the net; it is a plain decimal
in the currency's own precision (125.50 EUR, 1500 JPY) beside a `currency` column. Clients appear by id
only: no names, contact details or notes (free text) leave the stick this way."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision

from app.domain.register import Payment

HEADER = ("day", "taken_at", "payment_id", "kind", "method", "amount", "currency", "session_id",
          "client_id", "artist_id", "artist", "taken_by", "corrects_id")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # a plain number cannot be a formula, so it stays as it is


def decimal_amount(minor: int, currency: str) -> str:
    """Minor units as a plain decimal string in the currency's precision: 12550 EUR -> '125.50'."""
    digits = get_currency_precision(currency)
    return str(Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits)))


def minor_units(text: str, currency: str) -> int:
    """The inverse of decimal_amount: '125.50' EUR -> 12550."""
    return int(Decimal(text).scaleb(get_currency_precision(currency)))


def guard_cell(value: object) -> str:
    """A cell's text, with a leading quote if a spreadsheet would otherwise run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def render_csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    """Rows as CSV bytes: UTF-8 with a BOM (so spreadsheets pick the encoding), CRLF lines, every cell guarded."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([guard_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([guard_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def payments_csv(payments: Iterable[Payment], *, currency: str, timezone: str,
                 names: Mapping[str, str]) -> bytes:
    """Payments as CSV rows; `taken_at` in the studio's time, with its offset; `names` maps user ids to names."""
    zone = ZoneInfo(timezone)
    rows = ((p.register_day.isoformat(), p.taken_at.astimezone(zone).isoformat(timespec="seconds"), p.id, p.kind,
             p.method, decimal_amount(p.signed_minor, currency), currency, p.session_id, p.client_id, p.artist_id,
             names.get(p.artist_id, "") if p.artist_id else "", names.get(p.taken_by, p.taken_by), p.corrects_id)
            for p in payments)
    return render_csv(HEADER, rows)
