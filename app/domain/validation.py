"""Checks on what people type at set-up: usernames, passwords, currency, time zone."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies

from app.core import i18n
from app.core.i18n import _
from app.domain.errors import ValidationError

MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


def check_username(username: str) -> str:
    """Return the username or explain what a valid one looks like."""
    if not _USERNAME.match(username or ""):
        raise ValidationError(_("'%(username)s' cannot be a username: use 2-64 letters, digits, dots, "
                                "dashes or underscores, starting with a letter or digit.", username=username))
    return username


def check_password(password: str) -> str:
    """Return the password or say how long it must be."""
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(_("The password is too short: use at least %(count)d characters.", count=MIN_PASSWORD))
    return password


def check_currency(code: str) -> str:
    """Return the ISO 4217 code in capitals, or say it is unknown."""
    upper = (code or "").upper()
    if upper not in list_currencies():
        raise ValidationError(_("'%(code)s' is not a currency code. "
                                "Use a three-letter ISO code such as EUR, USD or GBP.", code=code))
    return upper


def check_locale(code: str) -> str:
    """Return a locale code Babel knows (e.g. es_ES), or say it is unknown: money and dates are formatted with it."""
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValidationError(_("'%(code)s' is not a language and region this app knows. "
                                "Use a code such as es_ES, de_DE, fr_FR, it_IT, pt_PT or en_GB.", code=code)) from None
    return code


def check_language(code: str | None) -> str | None:
    """Return a language the screens speak (a code such as 'de'), None for the studio's own, or say which exist."""
    if code is None or code in i18n.LANGUAGES:
        return code
    named = ", ".join(f"{c} ({i18n.NAMES[c]})" for c in i18n.LANGUAGES)
    raise ValidationError(_("'%(code)s' is not a language the screens speak. Choose one of: %(languages)s.",
                            code=code, languages=named))


def check_timezone(name: str) -> str:
    """Return the IANA time zone name, or say it is unknown."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("'%(name)s' is not a time zone. "
                                "Use a name such as Europe/Madrid or America/New_York.", name=name)) from None
    return name


def check_studio_name(name: str) -> str:
    """Return the trimmed studio name, or say it is missing."""
    if not (name or "").strip():
        raise ValidationError(_("The studio needs a name."))
    return name.strip()
