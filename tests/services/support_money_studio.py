"""Helpers for payment and register tests: a studio with a fixed clock, an artist, staff, clients, sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, insert

from app.core.clock import FixedClock
from app.core.paths import resolve
from app.db.models import AuditEvent, Client, Payment, RegisterDay, Session
from app.db.repos.settings import SettingsRepository
from app.db.types import new_id
from app.domain.records import StudioSettings, User
from app.services.register.payments import PaymentService
from app.services.register.service import RegisterService
from app.services.studio.service import StudioService
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME

NOON = datetime(2025, 1, 15, 11, 0, tzinfo=UTC)  # noon in Madrid on a winter Wednesday
STAFF_PASSWORD = "staff password"
MADRID = StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid")


@dataclass
class MoneyStudio:
    """An unlocked studio with the services under test sharing one fixed clock."""

    opened: object
    clock: FixedClock
    payments: PaymentService
    register: RegisterService
    admin: User
    staff: User
    artist: User
    paths: object

    @property
    def db(self):
        return self.opened.db

    def client(self) -> str:
        """Insert a client row and return its id."""
        client_id = new_id()
        with self.db.write() as conn:
            conn.execute(insert(Client).values(id=client_id, first_name="Test", last_name="Client"))
        return client_id

    def session(self, quote_minor: int, client_id: str | None = None, artist_id: str | None = None) -> str:
        """Insert a session row with this quote (and a new client unless given) and return its id."""
        client_id = client_id or self.client()
        session_id = new_id()
        with self.db.write() as conn:
            conn.execute(insert(Session).values(id=session_id, client_id=client_id,
                                                artist_id=artist_id or self.artist.id, starts_at=self.clock.now(),
                                                duration_min=120, quote_minor=quote_minor))
        return session_id

    def reset(self) -> MoneyStudio:
        """Start a test afresh: no payments, register days or audit events, noon in Madrid.
        (Tests only: the app never deletes money records.)"""
        with self.db.write() as conn:
            conn.execute(delete(Payment))
            conn.execute(delete(RegisterDay))
            conn.execute(delete(AuditEvent))
            SettingsRepository().save(conn, MADRID)
        self.clock.at = NOON
        return self


def money_studio(opened, stick, at: datetime = NOON) -> MoneyStudio:
    """Wire the payment and register services to `opened` with a clock fixed at `at`."""
    clock = FixedClock(at)
    users = UserService(opened.db, stick, clock)
    artist = users.create(opened.user, username="ink", display_name="Ink", role="staff",
                          password="artist password", is_artist=True, commission_pct=40)
    staff = users.create(opened.user, username="desk", display_name="Desk", role="staff", password=STAFF_PASSWORD)
    return MoneyStudio(opened, clock, PaymentService(opened.db, clock), RegisterService(opened.db, clock),
                       opened.user, staff, artist, stick)


def create_money_studio(root: Path) -> MoneyStudio:
    """Create a studio in `root` (one per test module: key derivation is slow on purpose)."""
    paths = resolve(home=root).ensure()
    opened, _ = StudioService(paths).create(MADRID, ADMIN, ADMIN_PASSWORD)
    return money_studio(opened, paths)
