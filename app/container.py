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
from app.core import i18n
from app.core.clock import Clock
from app.core.paths import StickPaths
from app.domain.backups import BackupRecord, RestoreReport
from app.domain.errors import AuthError, DomainError
from app.domain.records import StudioSettings, User
from app.plugins import screens
from app.plugins.builtin import BUILTIN_NAMES, builtin_host
from app.plugins.manager import Plugins
from app.plugins.spec import PluginCalls, PluginContext
from app.plugins.store import PluginStore
from app.services.audit import AuditService
from app.services.backups.job_history import JobHistoryService
from app.services.backups.service import BackupService
from app.services.clients.consents import ConsentService
from app.services.clients.gdpr import GdprService
from app.services.clients.service import ClientService
from app.services.intake.codes import IntakeCodes
from app.services.intake.pending import PendingRegistrations
from app.services.plugins import PluginService
from app.services.register.payments import PaymentService
from app.services.register.service import RegisterService
from app.services.reports.accounting import AccountingExport
from app.services.reports.documents import DocumentService
from app.services.reports.service import ReportService
from app.services.sessions.inks import InkService
from app.services.sessions.service import BookingService
from app.services.settings import SettingsService
from app.services.studio.service import OpenStudio, StudioService
from app.services.sync.conflicts import SyncConflicts
from app.services.sync.panel import SyncPanel
from app.services.sync.protocol import Relay
from app.services.sync.service import SyncService
from app.services.users import UserService
from flows.accounting import AccountingJobs
from flows.briefings import BriefingJobs
from flows.jobs import Jobs
from flows.plugin_jobs import PluginJobs
from flows.runner import JobRunner
from flows.schedule import BackupJobs, StudioSchedule
from flows.sync import SyncSoon

log = logging.getLogger(__name__)


def _no_relay(url: str, credential: str | None) -> Relay:
    raise DomainError(i18n._("This copy of the app cannot reach a sync relay."))


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
    intake_codes: IntakeCodes  # registration by QR code: the codes...
    pending: PendingRegistrations  # ...and what phones send
    plugins: PluginService
    models: ModelService  # the assistant's model files (admin)
    assistant: AssistantService  # the assistant's answers, read-only, over the container's one engine
    briefings: BriefingService  # each artist's "tomorrow's briefing"
    sync: SyncService
    sync_panel: SyncPanel  # the Admin screen's Sync panel and the Backups screen's status line
    sync_conflicts: SyncConflicts  # the "Sync conflicts" list


class Container:
    """Holds the stick's paths, the studio once unlocked, and its services (one engine per process)."""

    def __init__(self, paths: StickPaths, clock: Clock | None = None, *, safe_mode: bool = False):
        self.paths = paths
        # loaded at unlock, shut down in close(); each plugin's hooks get its own store in the studio's database
        self.plugins = Plugins(paths, safe_mode_flag=safe_mode, store_for=PluginStore)
        self.clock = clock or Clock()
        self.studio = StudioService(paths, self.clock)
        self._opened: OpenStudio | None = None
        self._services: Services | None = None
        self._lock = threading.Lock()
        # PLUGINS: the one place the core reaches the plugins: `plugin_calls` (the manager's `call`), how a plugin's
        # job gets its context (its store, the language) and how a plugin is switched off; services and jobs call
        # them through `_plugins`, so a later change still reaches them. The built-in plugins answer first, always.
        self.plugin_calls: PluginCalls = self.plugins.call
        self.plugin_context: Callable[[str, User | None], PluginContext] = self.plugins.context
        self.plugin_failed: Callable[[str, str, BaseException], None] = self.plugins.fail
        self.builtin = builtin_host()
        self.engine: AssistantEngine | None = None  # the assistant's model runner, made at the first unlock
        # SYNC: how to reach a relay (app.sync.relay_client.RelayClient, set by app.api.serving: the container
        # speaks no HTTP itself); until set, a sync says it cannot reach one.
        self.relay_for: Callable[[str, str | None], Relay] = _no_relay
        # The jobs get what they call once, here; each run asks for the current service (a restore rebuilds them).
        self.runner = JobRunner(Jobs(paths, backups=lambda: self.services.backups,
                                     accounting=lambda: self.services.accounting,
                                     settings=lambda: self.services.settings,
                                     briefings=lambda: self.services.briefings,
                                     sync=lambda: self.services.sync))
        self.jobs = BackupJobs(self.runner, self.clock.now)
        self.sync_soon = SyncSoon(self.runner)  # "Sync now" and the first sync after pairing, in the background
        self.plugin_jobs = PluginJobs(self.runner, self._plugins, self._job_context, self._switch_off, self.clock.now)
        self.schedule = StudioSchedule(self.jobs, self.clock.now, self.plugin_jobs,  # switched on by `run`/`serve`
                                       sync_paired=lambda: self.services.sync.paired())
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
        self._load_plugins(opened)
        self._hook(self.schedule.unlocked, opened.user)
        self._hook(self.publish_screens, opened.user)
        return opened.user

    def create_studio(self, settings: StudioSettings, username: str, password: str,
                      display_name: str) -> tuple[User, str]:
        """Create the studio on this empty stick and keep it open; return its admin and recovery code."""
        with self._lock:
            opened, code = self.studio.create(settings, username, password, display_name)
            self._opened, self._services = opened, self._build(opened)
        self._load_plugins(opened)
        self._hook(self.schedule.unlocked, opened.user)
        self._hook(self.publish_screens, opened.user)
        return opened.user, code

    def publish_screens(self, actor: User | None = None) -> None:
        """Ask the loaded plugins (built-in ones first) for their screens and publish them for the navigation;
        the plugin manager calls this again whenever it loads or switches off a plugin."""
        screens.publish(self._plugins("register_screens", actor), BUILTIN_NAMES)

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

    def _load_plugins(self, opened: OpenStudio) -> None:
        # the services through a getter: a restore rebuilds them, and the plugins must get the new ones
        try:
            self.plugins.load(lambda: self.services, opened.db)
        except Exception as exc:  # a plugin (or a damaged plugins/ folder) must never cost the studio its unlock
            log.warning("Plugins were not loaded (%s).", type(exc).__name__)

    @staticmethod
    def _hook(hook: Callable[[User], None], user: User) -> None:
        try:
            hook(user)
        except Exception as exc:  # background work must never cost a login or a day close
            log.warning("A background hook failed (%s).", type(exc).__name__)

    def _plugins(self, hook: str, actor: User | None, **kwargs: object) -> list[tuple[str, object]]:
        """The PluginCalls every service and job gets: the built-in plugins, then whatever `plugin_calls` is at
        the time of the call."""
        own = self.builtin.call(hook, lambda name: self._app_context(name, actor), **kwargs)
        return own + self.plugin_calls(hook, actor, **kwargs)

    def _app_context(self, name: str, actor: User | None) -> PluginContext:
        """The context of a plugin with no store of its own (the built-in ones; any until the manager sets one)."""
        return PluginContext(name, actor, self.services, None, i18n.current())

    def _job_context(self, name: str, actor: User | None) -> PluginContext:
        return self._app_context(name, actor) if name in self.builtin.names() else self.plugin_context(name, actor)

    def _switch_off(self, name: str, where: str, error: BaseException) -> None:
        if name in self.builtin.names():
            self.builtin.fail(name, where, error)
        else:
            self.plugin_failed(name, where, error)

    def _build(self, opened: OpenStudio) -> Services:
        db, clock, plugins = opened.db, self.clock, self._plugins
        accounting = AccountingExport(db, self.paths, clock, plugins)
        codes = IntakeCodes(db, clock)
        users, settings = UserService(db, self.paths, clock), SettingsService(db, clock)
        clients, payments = ClientService(db, clock, plugins=plugins), PaymentService(db, clock, plugins=plugins)
        booking, reports = BookingService(db, clock, plugins=plugins), ReportService(db, clock, plugins=plugins)
        inks, models = InkService(db, clock), ModelService(db, self.paths, clock)
        if self.engine is None:  # one engine for the process: a restore rebuilds the services, not the model
            self.engine = AssistantEngine(models, clock=clock)
        reads = StudioReads(settings, booking, users, clients, payments, reports, inks)
        def relay_for(url: str, credential: str | None) -> Relay:  # whatever `relay_for` is at the time of the call
            return self.relay_for(url, credential)

        sync = SyncService(db, relay_for, clock, keyslots=self.paths.keyslots, on_applied=users.forget_holders)
        return Services(users=users, settings=settings, audit=AuditService(db), payments=payments,
                        register=RegisterService(db, clock, plugins=plugins), clients=clients,
                        consents=ConsentService(db, clock), gdpr=GdprService(db, clock, plugins=plugins),
                        booking=booking, inks=inks,
                        backups=BackupService(db, self.paths, clock), reports=reports,
                        documents=DocumentService(db, clock, plugins), jobs=JobHistoryService(self.paths),
                        accounting=accounting, exports=AccountingJobs(self.runner),
                        plugins=PluginService(db, self.paths, clock),
                        intake_codes=codes, pending=PendingRegistrations(db, clock, codes, plugins), models=models,
                        assistant=AssistantService(reads, self.engine, clock),
                        briefings=BriefingService(db, reads, self.engine, clock),
                        sync=sync, sync_panel=SyncPanel(sync, relay_for), sync_conflicts=SyncConflicts(db, clock))

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
        """Finish the queued backup jobs, let the plugins shut down, stop the assistant, then close the database."""
        self.jobs.close()
        self.sync_soon.wait()
        self.plugins.shutdown()
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        with self._lock:
            if self._opened is not None:
                self._opened.close()
            self._opened, self._services = None, None
