"""What the client-facing services share: the database, the clock and the client repositories."""

from __future__ import annotations

from app.core.clock import Clock
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.db.repos.client_history import ClientHistoryRepository
from app.db.repos.clients import ClientRepository
from app.db.repos.consents import ConsentRepository
from app.db.repos.medical import MedicalRepository
from app.db.repos.settings import SettingsRepository
from app.plugins.spec import PluginCalls, no_plugins


class ClientRecordsBase:
    """Holds the repositories over a client's records; pass stand-ins in tests if ever needed."""

    def __init__(self, db: Database, clock: Clock | None = None, clients: ClientRepository | None = None,
                 medical: MedicalRepository | None = None, history: ClientHistoryRepository | None = None,
                 consents: ConsentRepository | None = None, settings: SettingsRepository | None = None,
                 audit: AuditRepository | None = None, plugins: PluginCalls = no_plugins):
        self.db, self.clock, self.plugins = db, clock or Clock(), plugins
        self.clients, self.medical = clients or ClientRepository(), medical or MedicalRepository()
        self.history, self.consents = history or ClientHistoryRepository(), consents or ConsentRepository()
        self.settings, self.audit = settings or SettingsRepository(), audit or AuditRepository()
