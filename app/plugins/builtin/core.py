"""The built-in `core` plugin: the Backups screen's navigation entry and the daily check of the newest backup,
declared through register_screens and register_jobs like any plugin's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.core.i18n import N_
from app.domain.backups import VERIFIED
from app.plugins.hookspecs import hookimpl
from app.plugins.spec import ROLES, JobSpec, PluginContext, PluginInfo, ScreenSpec

CORE = PluginInfo("core", "1", author="Tattoo studio on a stick", title=N_("Core features"))
VERIFY_EVERY = timedelta(hours=24)


def verify_newest_backup(context: PluginContext) -> dict[str, Any]:
    """Re-hash and open the newest backup when no backup was verified for a day (the backup cycle often
    already did); return how many were checked and how many were bad."""
    backups = context.services.backups
    status = backups.status(context.actor)
    fresh = status.last_verify_at is not None and datetime.now(UTC) - status.last_verify_at < VERIFY_EVERY
    if status.last_backup is None or fresh:
        return {"verified": 0, "bad": 0}
    checked = backups.verify(context.actor, status.last_backup.name)
    return {"verified": len(checked), "bad": sum(1 for r in checked if r.state != VERIFIED)}


class CorePlugin:
    """The app's own screens and jobs that go through the hooks."""

    @hookimpl
    def register_screens(self) -> list[ScreenSpec]:
        """The Backups screen for everyone (build None: the core screen of the same key)."""
        return [ScreenSpec("backups", N_("Backups"), "BACKUP", roles=ROLES)]

    @hookimpl
    def register_jobs(self) -> list[JobSpec]:
        """Check the newest backup once a day."""
        return [JobSpec("verify-newest", verify_newest_backup, every=VERIFY_EVERY)]
