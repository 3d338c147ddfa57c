"""Plain frozen records the services hand out; no ORM rows leave app/db."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.domain.backups import RetentionPolicy
from app.domain.opening_hours import DEFAULT_OPENING_HOURS

DEFAULT_CURRENCY = "EUR"  # what a new studio starts with, and what screens show before settings are loaded
# Before a studio's own zone is known, times show in UTC: the same on every computer the stick is plugged
# into (the host's zone would differ from machine to machine and tell one thing about where it is).
FALLBACK_TIMEZONE = "UTC"


def local_day(at: datetime, timezone: str) -> date:
    """Return the studio-local calendar date of an aware instant."""
    return at.astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class User:
    """A person who works at the studio; their password lives only in their key slot."""

    id: str
    username: str
    display_name: str
    role: str
    is_artist: bool
    commission_pct: int
    token_version: int
    active: bool
    language: str | None = None  # the language of this user's own screens; None: the studio's

    @property
    def is_admin(self) -> bool:
        """Whether this account is an admin."""
        return self.role == "admin"


@dataclass(frozen=True)
class StudioSettings:
    """The studio-wide settings that live in the database."""

    studio_name: str
    currency: str
    timezone: str
    locale: str = "en"
    retention_years: int = 10
    minimum_age: int = 18
    backup_every_hours: int = 2
    buffer_minutes: int = 15  # gap kept free between two sessions of one artist
    lock_after_minutes: int = 10  # the app locks itself after this many idle minutes (0: never)
    # "Backups kept": what each prune keeps (bounds in app.domain.bounds.KEEP_RANGES); a new studio's defaults
    keep_hours: int = RetentionPolicy.hours
    keep_daily: int = RetentionPolicy.daily
    keep_weekly: int = RetentionPolicy.weekly
    keep_monthly: int = RetentionPolicy.monthly
    keep_others: int = RetentionPolicy.others
    intake_code_minutes: int = 10  # a registration QR code lives this long (1-10 minutes)
    consent_text: str = ""  # the treatment consent a client agrees to on the phone form ("" : the standard text)
    # The assistant (optional): admins may always use it; these let staff use it, and include a client's health
    assistant_for_staff: bool = False
    assistant_health_for_staff: bool = False
    aftercare_text: str = ""  # the studio's own aftercare instructions the assistant drafts from ("" = a default)
    nightly_briefing: bool = False  # each artist's "tomorrow's briefing", made each night
    # Monday..Sunday "HH:MM-HH:MM" or "" (closed): the assistant counts free hours within them
    opening_hours: tuple[str, ...] = DEFAULT_OPENING_HOURS

    @property
    def retention(self) -> RetentionPolicy:
        """The retention policy these settings ask for."""
        return RetentionPolicy(hours=self.keep_hours, daily=self.keep_daily, weekly=self.keep_weekly,
                               monthly=self.keep_monthly, others=self.keep_others)

    @property
    def backups_kept(self) -> str:
        """What the retention policy keeps, as the sentence the Settings and Backups screens show."""
        return self.retention.describe()


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit trail: who did what to which record (never medical content)."""

    id: str
    at: datetime
    actor_id: str | None
    actor_username: str | None
    action: str
    entity: str
    entity_id: str | None
    summary: str
