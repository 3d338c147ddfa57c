"""A studio for the assistant's tests: two artists, a desk staff account, clients with history and a health
alert, ink lots, payments; the services wired as the container wires them, with fake chat models."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select

from app.ai.assistant.briefing import BriefingService
from app.ai.assistant.reads import StudioReads
from app.ai.assistant.service import AssistantService
from app.ai.engine import AssistantEngine
from app.core.clock import FixedClock
from app.core.paths import resolve
from app.db.models import AuditEvent, Client, Session
from app.db.repos.settings import SettingsRepository
from app.db.types import new_id
from app.domain.records import StudioSettings, User
from app.services.clients.service import ClientService
from app.services.register.payments import PaymentService
from app.services.reports.service import ReportService
from app.services.sessions.inks import InkService
from app.services.sessions.service import BookingService
from app.services.settings import SettingsService
from app.services.studio.service import StudioService
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 11:00 on Tuesday 1 December in Madrid
TOMORROW = date(2026, 12, 2)
SETTINGS = StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid")
ALLERGY, CONDITION = "latex", "eczema on both forearms"


@dataclass
class AssistantStudio:
    """The unlocked studio, its people and its read-only services."""

    opened: object
    clock: FixedClock
    reads: StudioReads
    admin: User
    staff: User
    ink: User  # an artist
    rosa: User  # another artist
    leo: str  # a client with history, a balance and a health alert
    ana: str
    paths: object = None
    engines: list[AssistantEngine] = field(default_factory=list)

    @property
    def db(self):
        return self.opened.db

    def service(self, model=None) -> AssistantService:
        """An assistant whose engine runs this fake chat model (the app's engine with a model injected)."""
        engine = AssistantEngine(chat_model=model) if model is not None else AssistantEngine()
        self.engines.append(engine)
        return AssistantService(self.reads, engine, self.clock)

    def briefings(self, model=None) -> BriefingService:
        """The briefing service over an engine running this fake model (or the real engine without a model)."""
        return BriefingService(self.db, self.reads, self.service(model).engine, self.clock)

    def close_engines(self) -> None:
        while self.engines:
            self.engines.pop().close()

    def set(self, **changes) -> None:
        """Change settings directly (tests only; the app goes through SettingsService as an admin)."""
        with self.db.write() as conn:
            SettingsRepository().save(conn, replace(SETTINGS, **changes))

    def audit_count(self) -> int:
        with self.db.read() as conn:
            return len(conn.execute(select(AuditEvent.id)).all())


def _session(db, client_id: str, artist_id: str, at: datetime, minutes: int, status: str, placement: str,
             quote_minor: int) -> str:
    session_id = new_id()
    with db.write() as conn:
        conn.execute(insert(Session).values(id=session_id, client_id=client_id, artist_id=artist_id, starts_at=at,
                                            duration_min=minutes, status=status, placement=placement,
                                            quote_minor=quote_minor))
    return session_id


def create_assistant_studio(root: Path) -> AssistantStudio:
    """Create and fill the studio (once per test module: key derivation is slow on purpose)."""
    paths = resolve(home=root).ensure()
    opened, _code = StudioService(paths).create(SETTINGS, ADMIN, ADMIN_PASSWORD)
    db, clock, admin = opened.db, FixedClock(NOW), opened.user
    users = UserService(db, paths, clock)
    ink = users.create(admin, username="ink", display_name="Ink Moreno", role="staff", password="artist password",
                       is_artist=True)
    rosa = users.create(admin, username="rosa", display_name="Rosa Negra", role="staff", password="artist password",
                        is_artist=True)
    staff = users.create(admin, username="desk", display_name="Desk", role="staff", password="staff password")
    clients = ClientService(db, clock)
    leo, ana = new_id(), new_id()
    with db.write() as conn:
        conn.execute(insert(Client).values(id=leo, first_name="Leo", last_name="Pérez"))
        conn.execute(insert(Client).values(id=ana, first_name="Ana", last_name="Gómez"))
    clients.save_medical(admin, leo, allergies=ALLERGY, conditions=CONDITION)
    done = _session(db, leo, rosa.id, datetime(2026, 11, 20, 10, tzinfo=UTC), 180, "done", "forearm", 20000)
    _session(db, leo, ink.id, datetime(2026, 11, 10, 16, tzinfo=UTC), 60, "no_show", "ankle", 8000)
    _session(db, leo, ink.id, datetime(2026, 12, 2, 10, tzinfo=UTC), 120, "booked", "shoulder", 30000)
    _session(db, ana, rosa.id, datetime(2026, 12, 2, 14, tzinfo=UTC), 60, "confirmed", "wrist", 9000)
    payments = PaymentService(db, clock)
    payments.take_payment(admin, amount_minor=5000, method="card", kind="deposit", session_id=done)
    payments.take_payment(admin, amount_minor=10000, method="cash", kind="payment", session_id=done)
    inks = InkService(db, clock)
    inks.create_lot(admin, brand="Eternal", colour="Black", lot="A1", expires_on=date(2026, 12, 20))
    inks.create_lot(admin, brand="Dynamic", colour="Red", lot="R9", expires_on=date(2027, 6, 1))
    reads = StudioReads(SettingsService(db, clock), BookingService(db, clock), users, clients, payments,
                        ReportService(db, clock), inks)
    return AssistantStudio(opened, clock, reads, admin, staff, ink, rosa, leo, ana, paths)
