"""The Backups screen's calls: status, take, history, list, restore, export (app/api/backups.py)."""

from __future__ import annotations

from app.client.http import ApiSession
from app.client.models import (
    BackupOut,
    BackupStatusOut,
    ExportOut,
    JobRunOut,
    RestoreOut,
)


class BackupsApi:
    """Backup status, a backup on demand, and the history of backup runs."""

    def __init__(self, session: ApiSession):
        self._s = session

    def status(self) -> BackupStatusOut:
        """Return the backup status: the last good backup, the mirror drive and any warning."""
        return self._s.call("GET", "/api/backups", BackupStatusOut)

    def take(self) -> BackupOut:
        """Take an encrypted backup now and return its record."""
        return self._s.call("POST", "/api/backups", BackupOut)

    def history(self) -> list[JobRunOut]:
        """Return the newest background job runs (backup, mirror, verify, prune)."""
        return self._s.call("GET", "/api/backups/history", list[JobRunOut])

    def all_backups(self) -> list[BackupOut]:
        """Every backup on the stick, then every copy on the mirror drive, with its state."""
        return self._s.call("GET", "/api/backups/list", list[BackupOut])

    def restore(self, name: str) -> RestoreOut:
        """Put a backup back (admin); every login ends, this client's too."""
        return self._s.call("POST", f"/api/backups/{name}/restore", RestoreOut)

    def export(self, name: str, folder: str) -> ExportOut:
        """Copy a backup as a ZIP into a folder on this computer (admin)."""
        return self._s.call("POST", f"/api/backups/{name}/export", ExportOut, json={"folder": folder})
