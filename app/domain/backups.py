"""Backup records and errors: what a backup, a mirror run and a restore report back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from babel.lists import format_list

from app.core.i18n import _, current, ngettext
from app.domain.bounds import KEEP_RANGES
from app.domain.errors import StorageError, ValidationError

VERIFIED, UNKNOWN, BAD = "verified", "unknown", "bad"
MISSING = "missing"  # listed in the manifest (or a dangling link) but the file is gone, e.g. deleted by hand
UNUSABLE = frozenset({BAD, MISSING})  # states no restore, mirror copy or "last good backup" may use
# The locale whose way of listing "7 days, 4 weeks and 12 months" a language uses (British English: no comma
# before "and", as the sentence always read).
LIST_LOCALES = {"en": "en_GB", "pt": "pt_PT"}


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
        """The policy as a sentence for the Backups and Settings screens, in the current language (a zero leaves
        its part out): one whole sentence per shape, its counts as counted phrases, the periods listed the
        language's way."""
        copies = ngettext("the newest safety copy taken before a restore or an upgrade, and of damaged databases",
                          "the newest %(n)s safety copies taken before a restore or an upgrade, and of damaged "
                          "databases", self.others)
        hours = ngettext("every backup of the last hour", "every backup of the last %(n)s hours", self.hours)
        counted = ((self.daily, ngettext("%(n)s day", "%(n)s days", self.daily)),
                   (self.weekly, ngettext("%(n)s week", "%(n)s weeks", self.weekly)),
                   (self.monthly, ngettext("%(n)s month", "%(n)s months", self.monthly)))
        periods = [phrase for n, phrase in counted if n]
        listed = format_list(periods, locale=LIST_LOCALES.get(current(), current())) if periods else ""
        if self.hours and periods:
            return _("Kept: %(hours)s, then the newest of each of the last %(periods)s; %(copies)s.",
                     hours=hours, periods=listed, copies=copies)
        if self.hours:
            return _("Kept: %(hours)s; %(copies)s.", hours=hours, copies=copies)
        if periods:
            return _("Kept: the newest of each of the last %(periods)s; %(copies)s.", periods=listed, copies=copies)
        return _("Kept: the newest backup; %(copies)s.", copies=copies)


def check_kept(name: str, value: object) -> int:
    """One of the "Backups kept" settings (keep_hours ... keep_others), checked against its bounds; a sentence
    naming it and its bounds otherwise, in the current language."""
    low, high, not_whole, outside = KEEP_RANGES[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_(not_whole))
    if not low <= value <= high:
        raise ValidationError(_(outside, low=low, high=high, value=value))
    return value


HARD = RetentionPolicy(hours=0, daily=1, weekly=0, monthly=0, others=1)  # when the stick runs short of room
