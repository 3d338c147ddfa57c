"""Backup records and errors: what a backup, a mirror run and a restore report back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.domain.bounds import KEEP_RANGES
from app.domain.errors import StorageError, ValidationError

VERIFIED, UNKNOWN, BAD = "verified", "unknown", "bad"
MISSING = "missing"  # listed in the manifest (or a dangling link) but the file is gone, e.g. deleted by hand
UNUSABLE = frozenset({BAD, MISSING})  # states no restore, mirror copy or "last good backup" may use


class BadBackupError(ValidationError):
    """The chosen backup failed its checks and will not be restored."""


class MirrorError(StorageError):
    """The mirror drive is missing, full or unwritable."""


class BackupRefusedError(StorageError):
    """A backup was not taken because the stick lacks room for it and the reserve the live database needs."""


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
    refused: str | None = None  # why the last backup was refused for space (until one is taken again)
    free_bytes: int | None = None  # free space on the stick
    stick_bytes: int = 0  # what the backups take on the stick
    mirror_bytes: int | None = None  # what they take on the mirror drive (None when it is not plugged in)
    last_verify_at: datetime | None = None
    retention: str = ""  # what the retention policy keeps, as a sentence


@dataclass(frozen=True)
class RetentionPolicy:
    """How many restore points prune keeps: every one of the last `hours`, then the newest of each of the
    last `daily` days, `weekly` weeks and `monthly` months; of the other kinds, the newest `others` each."""

    hours: int = 24
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    others: int = 2  # before-restore, before-migration and damaged copies: the newest two of each kind

    def describe(self) -> str:
        """The policy as a sentence for the Backups and Settings screens (a zero leaves its part out)."""
        periods = [_count(n, unit) for n, unit in ((self.daily, "day"), (self.weekly, "week"),
                                                   (self.monthly, "month")) if n]
        hours = "hour" if self.hours == 1 else f"{self.hours} hours"
        parts = [f"every backup of the last {hours}"] if self.hours else []
        if periods:
            listed = periods[0] if len(periods) == 1 else f"{', '.join(periods[:-1])} and {periods[-1]}"
            parts.append(f"{'then ' if parts else ''}the newest of each of the last {listed}")
        copies = "safety copy" if self.others == 1 else f"{self.others} safety copies"
        return (f"Kept: {', '.join(parts) or 'the newest backup'}; the newest {copies} taken before a restore or "
                "an upgrade, and of damaged databases.")


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def check_kept(name: str, value: object) -> int:
    """One of the "Backups kept" settings (keep_hours ... keep_others), checked against its bounds; a sentence
    naming it and its bounds otherwise."""
    low, high, what, note = KEEP_RANGES[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(f"Backups kept: {what} must be a whole number.")
    if not low <= value <= high:
        raise ValidationError(f"Backups kept: {what} must be between {low} and {high}{note}, not {value}.")
    return value


HARD = RetentionPolicy(hours=0, daily=1, weekly=0, monthly=0, others=1)  # when the stick runs short of room
