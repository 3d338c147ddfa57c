"""What the assistant may read: read-only calls into the services, always as the acting user.

The assistant gets this object and nothing else, so it cannot reach a write call: every answer leaves the
studio's data as it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.booking import InkLot, SessionRecord
from app.domain.clients import ClientDetail, ClientSummary
from app.domain.records import StudioSettings, User
from app.domain.register import SessionBalance
from app.domain.reports import ReportFigures
from app.services.clients.service import ClientService
from app.services.register.payments import PaymentService
from app.services.reports.service import ReportService
from app.services.sessions.inks import InkService
from app.services.sessions.service import BookingService
from app.services.settings import SettingsService
from app.services.users import UserService


@dataclass(frozen=True)
class StudioReads:
    """The read-only face of the services the assistant uses; each call checks the actor's rights itself."""

    settings_service: SettingsService
    booking: BookingService
    users: UserService
    clients: ClientService
    payments: PaymentService
    reports: ReportService
    inks: InkService

    def settings(self, actor: User) -> StudioSettings:
        """The studio's settings (language, zone, currency, the assistant's switches)."""
        return self.settings_service.get(actor)

    def sessions(self, actor: User, start: datetime, end: datetime,
                 artist_id: str | None = None) -> list[SessionRecord]:
        """The sessions starting in [start, end), optionally of one artist."""
        return self.booking.list_range(actor, start, end, artist_id)

    def artists(self, actor: User) -> list[User]:
        """The active artists, by name."""
        return self.users.artists(actor)

    def find_clients(self, actor: User, typed: str) -> list[ClientSummary]:
        """Clients whose names start with what was typed."""
        return self.clients.search(actor, typed)

    def client(self, actor: User, client_id: str) -> ClientDetail:
        """A client with their history (and medical profile: the caller decides whether it is shown)."""
        return self.clients.detail(actor, client_id)

    def balance(self, actor: User, session_id: str) -> SessionBalance:
        """What a session still owes."""
        return self.payments.session_balance(actor, session_id)

    def figures(self, actor: User, start: date, end: date) -> ReportFigures:
        """The studio's money figures for a range of days (admins only: the service says so)."""
        return self.reports.summary(actor, start, end)

    def ink_lots(self, actor: User) -> list[InkLot]:
        """Every ink lot with its expiry."""
        return self.inks.list_lots(actor)
