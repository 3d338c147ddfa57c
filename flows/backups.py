"""Backup jobs (run as Prefect flows by flows.runner): take, mirror, verify and prune; they log counts only.

Prefect's database is plaintext, so these jobs log and return counts, sizes and durations, never a
backup's contents, a client's name or anything medical.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Protocol

from app.domain.backups import UNUSABLE, BackupRecord, BackupStatus, MirrorReport
from app.domain.records import User

log = logging.getLogger(__name__)


class BackupService(Protocol):
    """What these jobs use of app.services.backups.service.BackupService (not imported: it reaches the database)."""

    def backup_now(self, actor: User | None) -> BackupRecord: ...
    def status(self, actor: User | None) -> BackupStatus: ...
    def mirror(self, actor: User | None) -> MirrorReport: ...
    def verify(self, actor: User | None, name: str | None = None) -> list[BackupRecord]: ...
    def prune(self, actor: User | None) -> list[str]: ...
    def list_backups(self, actor: User | None) -> list[BackupRecord]: ...


def _logger():
    """Prefect's run logger inside a flow run (its messages go to Prefect's database), else the app's."""
    if sys.modules.get("prefect") is not None:
        try:
            from prefect.logging import get_run_logger

            return get_run_logger()
        except Exception:  # outside a flow run (MissingContextError), or Prefect is broken
            pass
    return log


def backup_local(service: BackupService, actor: User | None) -> dict:
    """Take an encrypted backup of the live database into data/backups/."""
    started = time.monotonic()
    record = service.backup_now(actor)
    result = {"size": record.size, "rows": sum(record.counts.values()),
              "seconds": round(time.monotonic() - started, 3), "name": record.name}
    _logger().info("Backup taken: %d bytes, %d rows, %.2f s", result["size"], result["rows"], result["seconds"])
    return result


def mirror_backups(service: BackupService, actor: User | None) -> dict:
    """Copy new good backups to the mirror drive when it is plugged in."""
    started = time.monotonic()
    if not service.status(actor).mirror_present:
        _logger().warning("Mirror drive absent: 0 backups copied")
        return {"present": False, "copied": 0, "already": 0, "skipped": 0, "seconds": 0.0}
    done = service.mirror(actor)
    result = {"present": True, "copied": len(done.copied), "already": done.already,
              "skipped": len(done.skipped), "seconds": round(time.monotonic() - started, 3)}
    _logger().info("Mirror: %d copied, %d already there, %d skipped, %.2f s", result["copied"],
                   result["already"], result["skipped"], result["seconds"])
    return result


def verify_backups(service: BackupService, actor: User | None) -> dict:
    """Re-hash and open every backup on the stick and the mirror drive; count the bad ones."""
    started = time.monotonic()
    checked = service.verify(actor)
    result = {"checked": len(checked), "bad": sum(1 for r in checked if r.state in UNUSABLE),
              "size": sum(r.size for r in checked), "seconds": round(time.monotonic() - started, 3)}
    _logger().info("Verified %d backups (%d bytes): %d bad, %.2f s", result["checked"], result["size"],
                   result["bad"], result["seconds"])
    return result


def verify_newest(service: BackupService, actor: User | None) -> dict:
    """Re-hash and open the newest good backup on the stick (the daily check)."""
    started = time.monotonic()
    newest = next((r for r in service.list_backups(actor) if r.kind == "backup" and r.state not in UNUSABLE), None)
    checked = service.verify(actor, newest.name) if newest else []
    result = {"checked": len(checked), "bad": sum(1 for r in checked if r.state in UNUSABLE),
              "size": sum(r.size for r in checked), "seconds": round(time.monotonic() - started, 3)}
    _logger().info("Verified the newest backup (%d bytes): %d bad, %.2f s", result["size"], result["bad"],
                   result["seconds"])
    return result


def prune_backups(service: BackupService, actor: User | None) -> dict:
    """Delete backups beyond the daily/weekly/monthly schedule (never the newest good one)."""
    started = time.monotonic()
    gone = service.prune(actor)
    result = {"deleted": len(gone), "seconds": round(time.monotonic() - started, 3)}
    _logger().info("Pruned %d backups in %.2f s", result["deleted"], result["seconds"])
    return result


JOBS = {"backup-local": backup_local, "mirror-backups": mirror_backups,
        "verify-backups": verify_backups, "prune-backups": prune_backups, "verify-newest": verify_newest}
