"""Reading the audit trail (admin only); every service writes to it as it acts."""

from __future__ import annotations

from datetime import datetime

from app.core.i18n import N_
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.domain.records import AuditEntry, User
from app.services.authz import require_admin

MAX_ROWS = 500


class AuditService:
    """Who did what, when: for an admin's eyes."""

    def __init__(self, db: Database, repo: AuditRepository | None = None):
        self.db, self.repo = db, repo or AuditRepository()

    def recent(self, actor: User | None, since: datetime | None = None, until: datetime | None = None,
               entity: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """The newest events first, optionally within [since, until) and for one kind of record."""
        require_admin(actor, N_("read the audit trail"))
        with self.db.read() as conn:
            return self.repo.recent(conn, since=since, until=until, entity=entity, limit=min(limit, MAX_ROWS))
