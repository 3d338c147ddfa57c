"""Studio settings and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from app.contract.common import IsoDatetime, Out, Query, Strict, WholeNumber
from app.domain.bounds import AFTERCARE_MAX, KEEP_RANGES


class SettingsOut(Out):
    """The studio's settings, and a sentence saying what the backups kept policy keeps."""

    studio_name: str
    currency: str
    timezone: str
    locale: str
    retention_years: int
    minimum_age: int
    backup_every_hours: int
    buffer_minutes: int
    lock_after_minutes: int
    keep_hours: int
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    keep_others: int
    intake_code_minutes: int = Field(description="How long a registration QR code lives (minutes).")
    consent_text: str = Field(description="The treatment consent clients agree to on the phone form.")
    assistant_for_staff: bool
    assistant_health_for_staff: bool
    aftercare_text: str
    nightly_briefing: bool
    opening_hours: list[str] = Field(description="Monday to Sunday: 'HH:MM-HH:MM', or '' on a closed day.")
    backups_kept: str = Field(description="What the retention policy keeps, as a sentence.")


def _kept(name: str, description: str) -> Any:  # pydantic's Field is typed Any: it stands for the default
    """A "Backups kept" number, optional in a change, bounded as the domain bounds it."""
    low, high = KEEP_RANGES[name][:2]
    return Field(default=None, ge=low, le=high, description=description)


class SettingsIn(Strict):
    """The settings to change (admin only); the others stay as they are."""

    studio_name: str | None = Field(default=None, min_length=1, max_length=120)
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    timezone: str | None = Field(default=None, min_length=1, max_length=64)
    locale: str | None = Field(default=None, pattern=r"^[a-z]{2}(_[A-Z]{2})?$")
    retention_years: int | None = Field(default=None, ge=1, le=50)
    minimum_age: int | None = Field(default=None, ge=16, le=99)
    backup_every_hours: int | None = Field(default=None, ge=1, le=24)
    buffer_minutes: int | None = Field(default=None, ge=0, le=120)
    lock_after_minutes: int | None = Field(default=None, ge=0, le=240)
    keep_hours: int | None = _kept("keep_hours", "Keep every backup of this many last hours.")
    keep_daily: int | None = _kept("keep_daily", "Then the newest backup of each of this many last days.")
    keep_weekly: int | None = _kept("keep_weekly", "And of each of this many last weeks.")
    keep_monthly: int | None = _kept("keep_monthly", "And of each of this many last months.")
    keep_others: int | None = _kept("keep_others", "The newest safety copies kept of each kind (before a restore, "
                                                   "before an upgrade, damaged databases).")
    intake_code_minutes: int | None = Field(default=None, ge=1, le=10)
    consent_text: str | None = Field(default=None, max_length=5000)
    assistant_for_staff: bool | None = Field(default=None, description="Staff may use the assistant.")
    assistant_health_for_staff: bool | None = Field(
        default=None, description="Staff may include a client's health alerts in an assistant summary.")
    aftercare_text: str | None = Field(default=None, max_length=AFTERCARE_MAX,
                                       description="The studio's aftercare instructions the assistant drafts from.")
    nightly_briefing: bool | None = Field(default=None, description="Make each artist's briefing for tomorrow.")
    opening_hours: list[Annotated[str, Field(max_length=20)]] | None = Field(
        default=None, min_length=7, max_length=7,
        description="Monday to Sunday: 'HH:MM-HH:MM', or '' on a closed day (the assistant's free hours).")


class AuditQuery(Query):
    """Which audit events to list: between two instants, of one kind of record or all, at most `limit`."""

    since: IsoDatetime | None = None
    until: IsoDatetime | None = None
    entity: str | None = Field(default=None, max_length=40)
    limit: WholeNumber = Field(default=100, ge=1, le=500)


class AuditOut(Out):
    """One audit event: who did what to which record, and when."""

    id: str
    at: datetime
    actor_id: str | None
    actor_username: str | None
    action: str
    entity: str
    entity_id: str | None
    summary: str
