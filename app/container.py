"""The composition root: the one module that sees every layer and wires them for a running app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.ai.assistant.briefing import BriefingService
from app.ai.assistant.reads import StudioReads
from app.ai.assistant.service import AssistantService
from app.ai.engine import AssistantEngine
from app.ai.models import ModelService
from app.core.clock import Clock
from app.core.paths import StickPaths
from app.domain.backups import BackupRecord, RestoreReport
from app.domain.errors import AuthError, DomainError
from app.domain.records import StudioSettings, User
from app.services.audit import AuditService
from app.services.backups.job_history import JobHistoryService
from app.services.backups.service import BackupService
from app.services.clients.consents import ConsentService
from app.services.clients.gdpr import GdprService
from app.services.clients.service import ClientService
from app.services.register.payments import PaymentService
from app.services.register.service import RegisterService
from app.services.reports.accounting import AccountingExport
from app.services.reports.documents import DocumentService
from app.services.reports.service import ReportService
from app.services.sessions.inks import InkService
from app.services.sessions.service import BookingService
from app.services.settings import SettingsService
from app.services.studio.service import OpenStudio, StudioService
from app.services.users import UserService
from flows.accounting import AccountingJobs
from flows.briefings import BriefingJobs
from flows.jobs import Jobs
from flows.runner import JobRunner
from flows.schedule import BackupJobs, StudioSchedule

log = logging.getLogger(__name__)


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
    accounting: AccountingExport
    exports: AccountingJobs  # the accountant's ZIPs, made in the background by the container's job runner
    models: ModelService  # the assistant's model files (admin)
    assistant: AssistantService  # the assistant's answers, read-only, over the container's one engine
    briefings: BriefingService  # each artist's "tomorrow's briefing"


class Container:
    """Holds the stick's paths, the studio once unlocked, and its services (one engine per process)."""

    def __init__(self, paths: StickPaths, clock: Clock | None = None):
        self.paths = paths
        self.clock = clock or Clock()
        self.studio = StudioService(paths, self.clock)
        self._opened: OpenStudio | None = None
        self._services: Services | None = None
        self._lock = threading.Lock()
        self.engine: AssistantEngine | None = None  # the assistant's model runner, made at the first unlock
        # The jobs get what they call once, here; each run asks for the current service (a restore rebuilds them).
        self.runner = JobRunner(Jobs(paths, backups=lambda: self.services.backups,
                                     accounting=lambda: self.services.accounting,
                                     settings=lambda: self.services.settings,
                                     briefings=lambda: self.services.briefings))
        self.jobs = BackupJobs(self.runner, self.clock.now)
        self.schedule = StudioSchedule(self.jobs, self.clock.now)  # switched on by `run`/`serve` only
        self.schedule.nightly = BriefingJobs(self.runner, self.clock.now)

    @property
    def services(self) -> Services:
        """The services of the unlocked studio, or StudioLockedError."""
        if self._services is None:
            raise StudioLockedError("The studio is locked. Log in to open it.")
        return self._services

    @property
    def _studio(self) -> OpenStudio:
        """The unlocked studio, or StudioLockedError (it is open exactly when the services are)."""
        if self._opened is None:
            raise StudioLockedError("The studio is locked. Log in to open it.")
        return self._opened

    def login(self, username: str, password: str) -> User:
        """Check a user's password; the first successful login opens the database. The password is
        checked (the slow, bounded Argon2 part) before the lock, so one login never waits on another's."""
        unwrapped = self.studio.key_for(username, password)
        with self._lock:  # from here on only quick work: open the database or read the user
            if self._opened is not None:
                return self.studio.user_for_key(self._opened, unwrapped, username)
            opened = self.studio.open_as(unwrapped, username)
            self._opened, self._services = opened, self._build(opened)
        self._hook(self.schedule.unlocked, opened.user)
        return opened.user

    def create_studio(self, settings: StudioSettings, username: str, password: str,
                      display_name: str) -> tuple[User, str]:
        """Create the studio on this empty stick and keep it open; return its admin and recovery code."""
        with self._lock:
            opened, code = self.studio.create(settings, username, password, display_name)
            self._opened, self._services = opened, self._build(opened)
        self._hook(self.schedule.unlocked, opened.user)
        return opened.user, code

    def backup_now(self, actor: User | None) -> BackupRecord:
        """Take a backup now as a job: through Prefect when it is up, else directly; either way in the history."""
        return self.jobs.now(actor)

    def day_closed(self, actor: User) -> None:
        """A register day was just closed: the running app backs up in the background."""
        self._hook(self.schedule.day_closed, actor)

    def restore(self, actor: User | None, name: str) -> RestoreReport:
        """Put a backup back as the live database, then rebuild the services so no cache remembers the old data."""
        with self._lock:
            done = self.services.backups.restore(actor, name)
            self._services = replace(self._build(self._studio), backups=self.services.backups)
        return done

    @staticmethod
    def _hook(hook: Callable[[User], None], user: User) -> None:
        try:
            hook(user)
        except Exception as exc:  # background work must never cost a login or a day close
            log.warning("A background hook failed (%s).", type(exc).__name__)

    def _build(self, opened: OpenStudio) -> Services:
        db, clock = opened.db, self.clock
        accounting = AccountingExport(db, self.paths, clock)
        users, settings = UserService(db, self.paths, clock), SettingsService(db, clock)
        clients, payments, booking = ClientService(db, clock), PaymentService(db, clock), BookingService(db, clock)
        reports, inks, models = ReportService(db, clock), InkService(db, clock), ModelService(db, self.paths, clock)
        if self.engine is None:  # one engine for the process: a restore rebuilds the services, not the model
            self.engine = AssistantEngine(models, clock=clock)
        reads = StudioReads(settings, booking, users, clients, payments, reports, inks)
        return Services(users=users, settings=settings,
                        audit=AuditService(db), payments=payments,
                        register=RegisterService(db, clock), clients=clients,
                        consents=ConsentService(db, clock), gdpr=GdprService(db, clock),
                        booking=booking, inks=inks,
                        backups=BackupService(db, self.paths, clock), reports=reports,
                        documents=DocumentService(db, clock), jobs=JobHistoryService(self.paths),
                        accounting=accounting, exports=AccountingJobs(self.runner), models=models,
                        assistant=AssistantService(reads, self.engine, clock),
                        briefings=BriefingService(db, reads, self.engine, clock))

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
        """Finish the queued backup jobs, stop the assistant, then close the database, if open."""
        self.jobs.close()
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        with self._lock:
            if self._opened is not None:
                self._opened.close()
            self._opened, self._services = None, None
