"""Plugin approvals: an admin enables a plugin file pinned by the SHA-256 they saw, or disables it; every change is
in the audit trail. Loading and calling plugins is app.plugins.manager's work; this owns the decision."""

from __future__ import annotations

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.core.paths import StickPaths
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.db.repos.plugins import PluginApprovalRepository
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.plugins import PluginApproval
from app.domain.records import User
from app.plugins import loader
from app.services.authz import require_admin


class PluginService:
    """Which plugin files may run, as approved by an admin."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None):
        self.db, self.paths, self.clock = db, paths, clock or Clock()
        self.repo, self.audit = PluginApprovalRepository(), AuditRepository()

    def approvals(self, actor: User | None) -> list[PluginApproval]:
        """Every approval, enabled or not (admin only)."""
        require_admin(actor, N_("see the plugins"))
        return self.approved()

    def approved(self) -> list[PluginApproval]:
        """Every approval, for the app's own loading at unlock (never handed to a caller as is)."""
        with self.db.read() as conn:
            return self.repo.all(conn)

    def enable(self, actor: User | None, name: str, sha256: str) -> PluginApproval:
        """Enable the plugin file named `name` if it still hashes to `sha256`, the hash the admin was shown."""
        admin = require_admin(actor, N_("enable plugins"))
        found = [f for f in loader.find(self.paths.plugins) if f.name == name]
        if not found:
            raise NotFoundError(_("There is no plugin named '%(name)s' in the stick's plugins/ folder.",
                                  name=name[:60]))
        plugin = found[0]
        if plugin.problem:
            raise ValidationError(plugin.problem)
        if plugin.sha256 != sha256.strip().lower():
            raise ConflictError(_("The file of '%(name)s' changed since the list was shown, so it was not enabled. "
                                  "Look at the list again and enable the file it shows now.", name=name))
        with self.db.write() as conn:
            self.repo.approve(conn, name=name, sha256=plugin.sha256, by=admin.id, at=self.clock.now())
            self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="enable", entity="plugin",
                              entity_id=None, summary=_("Plugin %(name)s %(version)s enabled (SHA-256 %(sha)s)",
                                                        name=name, version=plugin.info.version if plugin.info
                                                        else "?", sha=plugin.sha256))
        return next(a for a in self.approved() if a.name == name)

    def disable(self, actor: User | None, name: str) -> None:
        """Switch a plugin off; it keeps its row, so who approved what stays on record."""
        admin = require_admin(actor, N_("disable plugins"))
        with self.db.write() as conn:
            if not self.repo.disable(conn, name):
                raise NotFoundError(_("No plugin named '%(name)s' was ever enabled.", name=name[:60]))
            self.audit.record(conn, at=self.clock.now(), actor_id=admin.id, action="disable", entity="plugin",
                              entity_id=None, summary=_("Plugin %(name)s disabled", name=name))
