"""Room for backups on the stick: free space, the reserve the live database keeps, and refusals."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from babel.numbers import format_decimal

from app.core import i18n
from app.core.atomic import write_atomic
from app.core.i18n import _
from app.domain.backups import BackupRefusedError

RESERVE_FACTOR = 2  # besides the new copy, twice the database's size stays free for the live database
REFUSED_FILE = "refused.json"
VERIFIED_FILE = "last-verify.json"
FreeSpace = Callable[[Path], int]


def disk_free(folder: Path) -> int:
    """Free bytes on the drive that holds `folder`."""
    return shutil.disk_usage(folder).free


def needed_bytes(db_size: int) -> int:
    """What a backup needs free: room for the copy plus the reserve."""
    return db_size * (1 + RESERVE_FACTOR)


def _mb(n: int) -> str:
    pattern = "0" if n >= 10_000_000 else "0.0"
    return _("%(amount)s MB", amount=format_decimal(n / 1_000_000, pattern, locale=i18n.current()))


def check_room(folder: Path, db_size: int, free: FreeSpace = disk_free) -> None:
    """Refuse with a sentence when the stick lacks room for a backup and the reserve."""
    have, need = free(folder), needed_bytes(db_size)
    if have < need:
        raise BackupRefusedError(_(
            "The backup was not taken: the stick has %(free)s free and a backup needs %(needed)s (the copy, "
            "and twice the database's size kept free so the studio can go on working). Old backups were already "
            "pruned as far as is safe. Free some space on the stick or move the studio to a bigger one; "
            "payments and other work go on as normal.", free=_mb(have), needed=_mb(need)))


def remember_refusal(folder: Path, message: str, at: datetime) -> None:
    """Keep the last refusal for the Backups screen and the dashboard banner (best effort: on a stick too
    full even for this small file, the refusal itself still reaches whoever asked)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / REFUSED_FILE, json.dumps({"message": message, "at": at.isoformat()}).encode())
    except OSError:
        pass


def clear_refusal(folder: Path) -> None:
    """A backup was taken: forget the last refusal."""
    (folder / REFUSED_FILE).unlink(missing_ok=True)


def last_refusal(folder: Path) -> str | None:
    """The last refusal's sentence, or None when the last backup was not refused."""
    try:
        message = json.loads((folder / REFUSED_FILE).read_text("utf-8"))["message"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return message if isinstance(message, str) else None


def used_bytes(folder: Path) -> int:
    """What the files in `folder` (and below) take."""
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def remember_verify(folder: Path, at: datetime) -> None:
    """Note when the backups were last verified."""
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / VERIFIED_FILE, json.dumps({"at": at.isoformat()}).encode())


def last_verify(folder: Path) -> datetime | None:
    """When the backups were last verified, or None."""
    try:
        return datetime.fromisoformat(json.loads((folder / VERIFIED_FILE).read_text("utf-8"))["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
