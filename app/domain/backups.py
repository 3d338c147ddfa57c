"""Backup records and errors: what a backup, a mirror run and a restore report back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.domain.errors import StorageError, ValidationError

VERIFIED, UNKNOWN, BAD = "verified", "unknown", "bad"
MISSING = "missing"  # listed in the manifest (or a dangling link) but the file is gone, e.g. deleted by hand
UNUSABLE = frozenset({BAD, MISSING})  # states no restore, mirror copy or "last good backup" may use


class BadBackupError(ValidationError):
    """The chosen backup failed its checks and will not be restored."""


class MirrorError(StorageError):
    """The mirror drive is missing, full or unwritable."""


@dataclass(frozen=True)
class BackupRecord:
    """One encrypted backup file and what its manifest line says about it."""

    name: str
    path: Path
    sha256: str | None
    size: int
    revision: str | None
    counts: dict[str, int]
    created_at: datetime | None
    kind: str = "backup"
    state: str = UNKNOWN
    problems: tuple[str, ...] = ()
    location: str = "stick"  # or "mirror": a copy on the mirror drive


@dataclass(frozen=True)
class MirrorReport:
    """What one mirror run copied, found already there, or could not copy."""

    root: Path
    copied: tuple[str, ...] = ()
    already: int = 0
    skipped: tuple[str, ...] = ()  # local copies that failed their hash: never spread a bad one


@dataclass(frozen=True)
class RestoreReport:
    """What a restore put back, and where the previous database was kept."""

    name: str
    backup_created_at: datetime | None
    counts: dict[str, int]
    safety_backup: Path


@dataclass(frozen=True)
class BackupStatus:
    """The backups screen at a glance: last good copy, last mirror copy, and a warning if due."""

    last_backup: BackupRecord | None
    mirror_path: Path | None
    mirror_present: bool
    last_mirror_name: str | None
    last_mirror_at: datetime | None
    warning: str | None
    problems: tuple[str, ...] = field(default=())
