"""Booking checks that need no database: times, durations, ages, and the sentences they produce."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from app.core.i18n import N_, _
from app.domain import dates
from app.domain.booking import GUARDIAN_MIN_AGE, MAX_DURATION, MIN_DURATION, BookingClient, SessionRecord, age_on
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.records import StudioSettings, local_day

FIRST_YEAR, LAST_YEAR = 1900, 2200  # a studio's calendar; anything else is a typing slip
MAX_RANGE_DAYS = 93  # a calendar asks for a day, a week or a month; more is a report's job
NEGATIVE = {"quote_minor": N_("The quote cannot be negative."),
            "deposit_required_minor": N_("The deposit required cannot be negative.")}
NEGATIVE_AMOUNT = N_("An amount cannot be negative.")



def check_start(starts_at: datetime) -> datetime:
    """Return the start in UTC, or refuse a time without a time zone."""
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ValidationError(_("The start time needs a time zone (for example 2026-03-03T14:00:00+01:00)."))
    try:
        utc = starts_at.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+08:00 falls before year 1 in UTC
        utc = None
    if utc is None or not FIRST_YEAR <= utc.year <= LAST_YEAR:
        raise ValidationError(_("%(time)s is out of range: use a time between %(first)s and %(last)s.",
                                time=starts_at.isoformat(), first=FIRST_YEAR, last=LAST_YEAR))
    return utc


def check_duration(duration_min: int) -> int:
    """Return the duration, or say which durations are possible."""
    if not MIN_DURATION <= duration_min <= MAX_DURATION:
        raise ValidationError(_("A session lasts %(least)s to %(most)s minutes, not %(minutes)s. "
                                "Split longer work into several sessions.",
                                least=MIN_DURATION, most=MAX_DURATION, minutes=duration_min))
    return duration_min


def check_amounts(**amounts: int | None) -> None:
    """Refuse negative money amounts (minor units), naming the field."""
    for name, value in amounts.items():
        if value is not None and value < 0:
            raise ValidationError(_(NEGATIVE.get(name, NEGATIVE_AMOUNT)))


def check_range(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Return a calendar range in UTC, or say what is wrong with it."""
    start, end = check_start(start), check_start(end)
    if end <= start:
        raise ValidationError(_("The end of the range must come after its start."))
    if end - start > timedelta(days=MAX_RANGE_DAYS):
        raise ValidationError(_("Ask for at most %(days)s days of sessions at a time.", days=MAX_RANGE_DAYS))
    return start, end


def check_bookable(client: BookingClient | None) -> BookingClient:
    """Return the client if they can be booked."""
    if client is None:
        raise NotFoundError(_("There is no such client. Check the client, or add them first."))
    if client.anonymised:
        raise ConflictError(_("This client's record was anonymised; it cannot be booked. Add the person again."))
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
    on = dates.day_text(day, dates.locale_for(settings.locale))
    if not guardian_consent_expected:
        raise ValidationError(_("The client is %(age)s on %(day)s; the studio's minimum age is %(minimum)s. "
                                "Book with a guardian's consent expected, or pick a later date.",
                                age=age, day=on, minimum=settings.minimum_age))
    if age < GUARDIAN_MIN_AGE:
        raise ValidationError(_("The client is %(age)s on %(day)s; even with a guardian's consent a client must be "
                                "at least %(minimum)s. Pick a later date.", age=age, day=on, minimum=GUARDIAN_MIN_AGE))


def clash_error(clash: SessionRecord, settings: StudioSettings) -> ConflictError:
    """Build the sentence that names the artist's clashing session in studio-local time."""
    tz = ZoneInfo(settings.timezone)
    start, end = clash.starts_at.astimezone(tz), clash.ends_at.astimezone(tz)
    on = dates.day_and_month(start.date(), dates.locale_for(settings.locale))
    return ConflictError(_("Artist %(artist)s already has a session %(start)s–%(end)s on %(day)s; "
                           "pick another time or artist.",
                           artist=clash.artist_name, start=f"{start:%H:%M}", end=f"{end:%H:%M}", day=on))
