"""Checks on what people type about a client, and the date arithmetic consents and retention need."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.core.i18n import N_, _
from app.domain.clients import CLIENT_FIELDS
from app.domain.errors import ValidationError

OLDEST_BIRTH_DATE = date(1900, 1, 1)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]+$")
_LIMITS = {"first_name": 120, "last_name": 120, "phone": 40, "email": 200, "address": 500,
           "emergency_contact": 300, "notes": 5000}
_MISSING = {"first_name": N_("The client's first name is missing. Type it in."),
            "last_name": N_("The client's last name is missing. Type it in.")}
_TOO_LONG = {  # one whole sentence per field (the words around the field's name change with it)
    "first_name": N_("The first name is too long: keep it under %(limit)s characters."),
    "last_name": N_("The last name is too long: keep it under %(limit)s characters."),
    "phone": N_("The phone number is too long: keep it under %(limit)s characters."),
    "email": N_("The email address is too long: keep it under %(limit)s characters."),
    "address": N_("The address is too long: keep it under %(limit)s characters."),
    "emergency_contact": N_("The emergency contact is too long: keep it under %(limit)s characters."),
    "notes": N_("The notes are too long: keep them under %(limit)s characters."),
}


def local_date(at: datetime, timezone: str) -> date:
    """Return the studio-local calendar date of a UTC instant."""
    return at.astimezone(ZoneInfo(timezone)).date()


def local_midnight(day: date, timezone: str) -> datetime:
    """Return the instant a studio-local day starts, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone))


def age_on(birth_date: date, day: date) -> int:
    """Return someone's age in whole years on a given day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_after(day: date, years: int) -> date:
    """Return the same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _text(field: str, value: str | None, required: bool) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise ValidationError(_(_MISSING[field]))
        return None
    if len(cleaned) > _LIMITS[field]:
        raise ValidationError(_(_TOO_LONG[field], limit=_LIMITS[field]))
    return cleaned


def _phone(value: str | None) -> str | None:
    phone = _text("phone", value, required=False)
    digits = sum(ch.isdigit() for ch in phone or "")
    if phone is not None and (not _PHONE.match(phone) or not 6 <= digits <= 20):
        raise ValidationError(_("'%(phone)s' is not a phone number: use 6-20 digits, optionally with a leading +, "
                                "spaces, dashes, dots or brackets.", phone=phone))
    return phone


def _email(value: str | None) -> str | None:
    email = _text("email", value, required=False)
    if email is not None and not _EMAIL.match(email):
        raise ValidationError(_("'%(email)s' is not an email address: it should look like name@example.com.",
                                email=email))
    return email


def _birth_date(value: date | None, today: date) -> date | None:
    if value is None:
        return None
    if value > today:
        raise ValidationError(_("The date of birth %(date)s is in the future. Check the year.",
                                date=value.isoformat()))
    if value < OLDEST_BIRTH_DATE:
        raise ValidationError(_("The date of birth %(date)s is before 1900. Check the year.",
                                date=value.isoformat()))
    return value


ClientValue = str | date | bool | None  # what a client field holds once cleaned


def clean_client_fields(values: Mapping[str, Any], today: date) -> dict[str, ClientValue]:
    """Return the given client fields trimmed and checked, or raise ValidationError with a sentence."""
    unknown = sorted(set(values) - set(CLIENT_FIELDS))
    if unknown:
        raise ValidationError(_("A client has no field %(unknown)s. Use: %(known)s.",
                                unknown=", ".join(unknown), known=", ".join(CLIENT_FIELDS)))
    cleaned: dict[str, ClientValue] = {}
    for field, value in values.items():
        if field in ("first_name", "last_name"):
            cleaned[field] = _text(field, value, required=True)
        elif field == "phone":
            cleaned[field] = _phone(value)
        elif field == "email":
            cleaned[field] = _email(value)
        elif field == "birth_date":
            cleaned[field] = _birth_date(value, today)
        elif field in ("marketing_consent", "photo_consent"):
            cleaned[field] = bool(value)
        else:
            cleaned[field] = _text(field, value, required=False)
    return cleaned
