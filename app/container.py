"""The composition root: the one module that sees every layer and wires them for a running app."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from app.core.clock import Clock
from app.core.paths import StickPaths
from app.domain.errors import AuthError, DomainError
from app.domain.records import StudioSettings, User
from app.services.audit import AuditService
from app.services.backup import BackupService
from app.services.booking import BookingService
from app.services.clients import ClientService
from app.services.consents import ConsentService
from app.services.documents import DocumentService
from app.services.gdpr import GdprService
from app.services.inks import InkService
from app.services.job_history import JobHistoryService
from app.services.payments import PaymentService
from app.services.register import RegisterService
from app.services.reports import ReportService
from app.services.settings import SettingsService
from app.services.studio import OpenStudio, StudioService
from app.services.users import UserService


class StudioLockedError(DomainError):
    """The studio is not unlocked yet; log in first."""


@dataclass
class Services:
    """Every service of an unlocked studio, sharing one database engine."""

    users: UserService
    settings: SettingsService
    audit: AuditService
    payments: PaymentService
    register: RegisterService
    clients: ClientService
    consents: ConsentService
    gdpr: GdprService
    booking: BookingService
    inks: InkService
    backups: BackupService
    reports: ReportService
    documents: DocumentService
    jobs: JobHistoryService


class Container:
    """Holds the stick's paths, the studio once unlocked, and its services (one engine per process)."""

    def __init__(self, paths: StickPaths, clock: Clock | None = None):
        self.paths = paths
        self.clock = clock or Clock()
        self.studio = StudioService(paths, self.clock)
        self._opened: OpenStudio | None = None
        self._services: Services | None = None
        self._lock = threading.Lock()

    @property
    def services(self) -> Services:
        """The services of the unlocked studio, or StudioLockedError."""
        if self._services is None:
            raise StudioLockedError("The studio is locked. Log in to open it.")
        return self._services

    def login(self, username: str, password: str) -> User:
        """Check a user's password; the first successful login opens the database."""
        with self._lock:
            if self._opened is None:
                opened = self.studio.unlock(username, password)
                self._opened = opened
                self._services = self._build(opened)
                return opened.user
            return self.studio.authenticate(self._opened, username, password)

    def create_studio(self, settings: StudioSettings, username: str, password: str,
                      display_name: str) -> tuple[User, str]:
        """Create the studio on this empty stick and keep it open; return its admin and recovery code."""
        with self._lock:
            opened, code = self.studio.create(settings, username, password, display_name)
            self._opened, self._services = opened, self._build(opened)
            return opened.user, code

    def _build(self, opened: OpenStudio) -> Services:
        db, clock = opened.db, self.clock
        return Services(users=UserService(db, self.paths, clock), settings=SettingsService(db, clock),
                        audit=AuditService(db), payments=PaymentService(db, clock),
                        register=RegisterService(db, clock), clients=ClientService(db, clock),
                        consents=ConsentService(db, clock), gdpr=GdprService(db, clock),
                        booking=BookingService(db, clock), inks=InkService(db, clock),
                        backups=BackupService(db, self.paths, clock), reports=ReportService(db, clock),
                        documents=DocumentService(db, clock), jobs=JobHistoryService(self.paths))

    def user_for_token(self, user_id: str, token_version: int) -> User:
        """Return the active user a token names, if the token is still current."""
        if self._opened is None:
            raise AuthError("The studio was locked since this token was issued. Log in again.")
        return self.services.users.check_token_holder(user_id, token_version)

    def studio_key(self) -> bytes:
        """The open studio's raw key (for benchmarks and backups in this process only)."""
        if self._opened is None:
            raise StudioLockedError("The studio is locked. Log in to open it.")
        return bytes.fromhex(self._opened.db.key_hex())

    def close(self) -> None:
        """Close the database, if open."""
        with self._lock:
            if self._opened is not None:
                self._opened.close()
            self._opened, self._services = None, None
