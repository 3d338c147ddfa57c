"""The formats of a PDF's dates and money: the studio's locale when the document speaks the studio's language (the
language of the request that asks for it), else that language's own; through Babel, never by hand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_datetime_format

from app.core import i18n
from app.domain.money import money


def document_locale(studio_locale: str) -> str:
    """The locale a document's dates and money are written in: the studio's when the document speaks the
    studio's language (i18n.current()), else the document's language (as the screens do)."""
    language = i18n.current()
    return studio_locale if i18n.supported(studio_locale) == language else language


def day(value: date | None, locale: str, short: bool = False) -> str:
    """A date as the locale writes it (31.01.2027, 31 ene 2027; `short`: all in digits, 31/1/27, for the
    columns of long tables); English without a region names no order of day and month, so it keeps the ISO
    date (2027-01-31) read the same everywhere."""
    if value is None:
        return ""
    return value.isoformat() if locale == i18n.SOURCE else format_date(value, _size(short), locale=locale)


def moment(value: datetime | None, timezone: str, locale: str, short: bool = False) -> str:
    """An instant in the studio's time zone, as the locale writes a date and a time (minutes, no seconds;
    `short` as for `day`)."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(timezone))
    if locale == i18n.SOURCE:
        return local.strftime("%Y-%m-%d %H:%M")
    return str(get_datetime_format(_size(short), locale=locale)).replace("'", "").format(
        format_time(local, "short", locale=locale), format_date(local, _size(short), locale=locale))


def amount(minor: int | None, currency: str, locale: str) -> str:
    """Minor units of the currency as the locale writes money (empty for none)."""
    return "" if minor is None else money(minor, currency, locale)


def _size(short: bool) -> Literal["short", "medium"]:
    return "short" if short else "medium"
