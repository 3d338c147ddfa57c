"""What the Backups screen shows at a glance: the last good backup, the mirror, warnings, space and retention."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.core.i18n import _, ngettext
from app.core.paths import StickPaths
from app.domain.backups import UNUSABLE, BackupRecord, BackupStatus, RetentionPolicy
from app.services.backups import mirror as mirrors
from app.services.backups.space import FreeSpace, last_refusal, last_verify, used_bytes


def build_status(paths: StickPaths, local: list[BackupRecord], every_hours: int, now: datetime,
                 policy: RetentionPolicy, free_space: FreeSpace) -> BackupStatus:
    """The status from the local backups (newest first) and what is on the stick and the mirror drive."""
    good = [r for r in local if r.state not in UNUSABLE and r.created_at is not None]
    config = mirrors.load_config(paths)
    root = Path(config["path"]) if config.get("path") else None
    at, present = config.get("last_copy_at"), mirrors.is_present(root)
    return BackupStatus(last_backup=good[0] if good else None, mirror_path=root,
                        mirror_present=present, last_mirror_name=config.get("last_copy"),
                        last_mirror_at=datetime.fromisoformat(at) if at else None,
                        warning=overdue(good[0] if good else None, every_hours, now),
                        refused=last_refusal(paths.backups), free_bytes=_free(paths, free_space),
                        stick_bytes=used_bytes(paths.backups),
                        mirror_bytes=used_bytes(root / mirrors.FOLDER) if present and root is not None else None,
                        last_verify_at=last_verify(paths.backups), retention=policy.describe())


def overdue(last: BackupRecord | None, every_hours: int, now: datetime) -> str | None:
    """A warning when no backup exists or the last one is older than the schedule allows."""
    if last is None or last.created_at is None:
        return _("No backup has been taken yet. Take one now.")
    age = (now - last.created_at).total_seconds() / 3600
    if age > every_hours:
        return ngettext("The last backup is %(age)s hours old; the schedule asks for one every %(n)s hour. "
                        "Take one now.",
                        "The last backup is %(age)s hours old; the schedule asks for one every %(n)s hours. "
                        "Take one now.", every_hours, age=f"{age:.0f}")
    return None


def _free(paths: StickPaths, free_space: FreeSpace) -> int | None:
    try:
        return free_space(paths.backups if paths.backups.is_dir() else paths.data)
    except OSError:
        return None
