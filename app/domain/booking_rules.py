"""Booking checks that need no database: times, durations, ages, and the sentences they produce."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date

from app.domain.booking import GUARDIAN_MIN_AGE, MAX_DURATION, MIN_DURATION, BookingClient, SessionRecord, age_on
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.records import StudioSettings, local_day

FIRST_YEAR, LAST_YEAR = 1900, 2200  # a studio's calendar; anything else is a typing slip
MAX_RANGE_DAYS = 93  # a calendar asks for a day, a week or a month; more is a report's job



def check_start(starts_at: datetime) -> datetime:
    """Return the start in UTC, or refuse a time without a time zone."""
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValidationError("The start time needs a time zone (for example 2026-03-03T14:00:00+01:00).")
    try:
        utc = starts_at.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+08:00 falls before year 1 in UTC
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise ValidationError(f"{starts_at.isoformat()} is out of range: use a time between {FIRST_YEAR} "
                              f"and {LAST_YEAR}.")
    return utc


def check_duration(duration_min: int) -> int:
    """Return the duration, or say which durations are possible."""
    if not MIN_DURATION <= duration_min <= MAX_DURATION:
        raise ValidationError(f"A session lasts {MIN_DURATION} to {MAX_DURATION} minutes, not {duration_min}. "
                              "Split longer work into several sessions.")
    return duration_min


def check_amounts(**amounts: int | None) -> None:
    """Refuse negative money amounts (minor units), naming the field."""
    for name, value in amounts.items():
        if value is not None and value < 0:
            raise ValidationError(f"The {name.replace('_minor', '').replace('_', ' ')} cannot be negative.")


def check_range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Return a calendar range in UTC, or say what is wrong with it."""
    start, end = check_start(start), check_start(end)
    if end <= start:
        raise ValidationError("The end of the range must come after its start.")
    if end - start > timedelta(days=MAX_RANGE_DAYS):
        raise ValidationError(f"Ask for at most {MAX_RANGE_DAYS} days of sessions at a time.")
    return start, end


def check_bookable(client: BookingClient | None) -> BookingClient:
    """Return the client if they can be booked."""
    if client is None:
        raise NotFoundError("There is no such client. Check the client, or add them first.")
    if client.anonymised:
        raise ConflictError("This client's record was anonymised; it cannot be booked. Add the person again.")
    return client


def check_age(client: BookingClient, starts_at: datetime, settings: StudioSettings,
              guardian_consent_expected: bool) -> None:
    """Refuse a client under the studio's minimum age on the session date, unless a guardian will consent
    and they are at least 16; a client without a birth date is checked when they consent."""
    if client.birth_date is None:
        return
    day = local_day(starts_at, settings.timezone)
    age = age_on(client.birth_date, day)
    if age >= settings.minimum_age:
        return
    on = format_date(day, "d MMMM y", locale=settings.locale)
    if not guardian_consent_expected:
        raise ValidationError(f"The client is {age} on {on}; the studio's minimum age is {settings.minimum_age}. "
                              "Book with a guardian's consent expected, or pick a later date.")
    if age < GUARDIAN_MIN_AGE:
        raise ValidationError(f"The client is {age} on {on}; even with a guardian's consent a client must be "
                              f"at least {GUARDIAN_MIN_AGE}. Pick a later date.")


def clash_error(clash: SessionRecord, settings: StudioSettings) -> ConflictError:
    """Build the sentence that names the artist's clashing session in studio-local time."""
    tz = ZoneInfo(settings.timezone)
    start, end = clash.starts_at.astimezone(tz), clash.ends_at.astimezone(tz)
    on = format_date(start.date(), "d MMMM", locale=settings.locale)
    return ConflictError(f"Artist {clash.artist_name} already has a session {start:%H:%M}–{end:%H:%M} on {on}; "
                         "pick another time or artist.")
