"""Dates as people read them in each language, through Babel's standard formats and skeletons (never a fixed
pattern: a fixed "EEEE dd MMMM yyyy" reads "martes 01 diciembre 2026" in Spanish instead of
"martes, 1 de diciembre de 2026", and "Dienstag 01 Dezember 2026" in German instead of "Dienstag, 1. Dezember 2026").

`locale` is a Babel locale code: the studio's (es_ES) when the text speaks the studio's language, else the
language's own (see `locale_for`)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_interval, format_skeleton, format_time, get_datetime_format

from app.core import i18n


def locale_for(studio_locale: str | None) -> str:
    """The locale for dates in the current language: the studio's when it speaks that language, else the language."""
    language = i18n.current()
    return studio_locale if studio_locale and i18n.supported(studio_locale) == language else language


def long_day(day: date, locale: str) -> str:
    """A day with its weekday: 'martes, 1 de diciembre de 2026', 'Dienstag, 1. Dezember 2026'."""
    return format_date(day, "full", locale=locale)


def day_text(day: date, locale: str) -> str:
    """A day: '1 de diciembre de 2026', '1. Dezember 2026', 'December 1, 2026'."""
    return format_date(day, "long", locale=locale)


def day_and_month(day: date, locale: str) -> str:
    """A day of this year: '1 de diciembre', '1. Dezember', 'December 1'."""
    return format_skeleton("MMMMd", day, locale=locale)


def days_span(first: date, last: date, locale: str) -> str:
    """A run of days, the shared month and year said once: '30 nov – 6 dic 2026', '30. Nov. – 6. Dez. 2026'."""
    return format_interval(first, last, "yMMMd", locale=locale)


def moment_text(moment: datetime, locale: str) -> str:
    """A day and a time on a wall clock: '1 de diciembre de 2026, 16:00', '1. Dezember 2026 um 16:00'."""
    pattern = str(get_datetime_format("long", locale=locale))
    return (pattern.replace("{1}", day_text(moment.date(), locale))
            .replace("{0}", format_time(moment, "short", locale=locale)))


def short_moment_text(moment: datetime, locale: str) -> str:
    """A day with a short weekday and a time: 'mar, 1 dic 2026, 16:00', 'Di., 1. Dez. 2026, 16:00'."""
    pattern = str(get_datetime_format("medium", locale=locale))
    return (pattern.replace("{1}", format_skeleton("yMMMEd", moment.date(), locale=locale))
            .replace("{0}", format_time(moment, "short", locale=locale)))
