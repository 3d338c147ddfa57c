"""The studio's opening hours: one "HH:MM-HH:MM" per weekday (Monday first), "" on a closed day.

The assistant counts an artist's free hours within them ("which artist has three free hours next week?").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from babel.dates import get_day_names

from app.core import i18n
from app.core.i18n import _
from app.domain.errors import ValidationError

DEFAULT_OPENING_HOURS = ("10:00-20:00",) * 7  # what a studio gets until its admin sets its own
_SPAN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-\u2013]\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_span(text: str) -> tuple[int, int] | None:
    """Minutes after midnight (opens, closes) of one day's "10:00-20:00"; None when it is empty (closed).

    Raises ValueError when the text is neither empty nor two times with the closing one later (24:00 allowed).
    """
    if not text.strip():
        return None
    found = _SPAN.match(text)
    if found is None:
        raise ValueError(text)
    oh, om, ch, cm = (int(part) for part in found.groups())
    opens, closes = oh * 60 + om, ch * 60 + cm
    if oh > 23 or om > 59 or cm > 59 or closes > 24 * 60 or closes <= opens:
        raise ValueError(text)
    return opens, closes


def check_opening_hours(value: object) -> tuple[str, ...]:
    """Seven days' hours, tidied to "HH:MM-HH:MM" or ""; a sentence naming the first day that is not valid."""
    if not isinstance(value, Sequence) or isinstance(value, str) or len(value) != 7:
        raise ValidationError(_("Opening hours need one entry per weekday, Monday to Sunday."))
    tidy = []
    for day, text in enumerate(value):
        try:
            span = parse_span(text) if isinstance(text, str) else parse_span("?")
        except ValueError:
            raise ValidationError(_("The opening hours on %(day)s must look like 10:00-20:00 (closing after "
                                    "opening), or be empty when the studio is closed that day.",
                                    day=weekday_name(day))) from None
        tidy.append("" if span is None else f"{_hm(span[0])}-{_hm(span[1])}")
    return tuple(tidy)


def weekday_name(day: int) -> str:
    """The weekday's name (0 is Monday) in the current language, as Babel's CLDR data writes it."""
    return str(get_day_names("wide", locale=i18n.current())[day])


def open_between(hours: Sequence[str], day: date, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """When the studio opens and closes on `day` in its time zone, or None when it is closed that day."""
    span = parse_span(hours[day.weekday()]) if len(hours) == 7 else parse_span(DEFAULT_OPENING_HOURS[0])
    if span is None:
        return None
    midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
    return midnight + timedelta(minutes=span[0]), midnight + timedelta(minutes=span[1])


def _hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
