"""Helpers for report tests: write sessions and payments straight into a money studio, and add them up by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from math import floor
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert

from app.db.models import Payment, Session
from app.db.repos.settings import SettingsRepository
from app.db.types import new_id
from app.domain.records import StudioSettings
from tests.conftest import STUDIO_NAME


@dataclass(frozen=True)
class RawSession:
    id: str
    client_id: str
    artist_id: str
    starts_at: datetime  # UTC
    status: str


@dataclass(frozen=True)
class RawPayment:
    id: str
    day: date
    taken_at: datetime  # UTC
    method: str
    kind: str
    amount: int
    session: RawSession | None
    artist_id: str | None
    corrects: RawPayment | None = None

    @property
    def signed(self) -> int:
        return -self.amount if self.kind == "refund" else self.amount

    @property
    def artist(self) -> str | None:
        """The artist the payment counts for: its own, else its session's."""
        return self.artist_id or (self.session.artist_id if self.session else None)

    @property
    def tip_refund(self) -> bool:
        return self.kind == "refund" and self.corrects is not None and self.corrects.kind == "tip"


def local_instant(day: date, minute: int, timezone: str) -> datetime:
    """The UTC instant of `minute` minutes after local midnight of `day` (wall clock, DST as it falls)."""
    wall = datetime.combine(day, time(0)) + timedelta(minutes=minute)
    return wall.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def set_timezone(studio, timezone: str, currency: str = "EUR") -> None:
    """Store the studio's settings with this time zone."""
    with studio.db.write() as conn:
        SettingsRepository().save(conn, StudioSettings(STUDIO_NAME, currency, timezone))


def wipe(studio) -> None:
    """Remove every payment and session (tests only: the app never deletes money records)."""
    studio.reset()
    with studio.db.write() as conn:
        conn.execute(delete(Payment))
        conn.execute(delete(Session))


def write(studio, sessions: list[RawSession], payments: list[RawPayment]) -> None:
    """Insert the sessions and payments in one transaction."""
    with studio.db.write() as conn:
        for s in sessions:
            conn.execute(insert(Session).values(id=s.id, client_id=s.client_id, artist_id=s.artist_id,
                                                starts_at=s.starts_at, duration_min=60, status=s.status))
        for p in payments:
            conn.execute(insert(Payment).values(
                id=p.id, amount_minor=p.amount, method=p.method, kind=p.kind,
                client_id=p.session.client_id if p.session else None, session_id=p.session.id if p.session else None,
                artist_id=p.artist_id, taken_by=studio.staff.id, taken_at=p.taken_at, register_day=p.day,
                corrects_id=p.corrects.id if p.corrects else None))


def half_up(value: Fraction) -> int:
    """Round half up (towards +infinity), independently of the code under test."""
    return floor(value + Fraction(1, 2))


def expected_artists(payments: list[RawPayment], pct: dict[str, int]) -> dict[str, tuple[int, int, int]]:
    """artist id -> (session income, tips, commission), added up the long way."""
    out = {}
    for artist in {p.artist for p in payments if p.artist}:
        mine = [p for p in payments if p.artist == artist]
        income = sum(p.signed for p in mine if p.kind != "tip" and not p.tip_refund)
        tips = sum(p.signed for p in mine if p.kind == "tip" or p.tip_refund)
        out[artist] = (income, tips, half_up(Fraction(income * pct[artist], 100)))
    return out


def new_session(client_id: str, artist_id: str, starts_at: datetime, status: str) -> RawSession:
    return RawSession(new_id(), client_id, artist_id, starts_at, status)
