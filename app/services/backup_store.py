"""Writing a backup into data/backups/ and swapping one back in as the live database."""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime
from pathlib import Path

from app.core.atomic import publish_atomic, temp_name, write_atomic
from app.core.clock import Clock
from app.core.filesystem import refuse_if_too_big
from app.core.paths import StickPaths
from app.db.engine import Database
from app.db.repos.backup_counts import describe_file
from app.db.snapshot import export_encrypted
from app.domain.backups import VERIFIED, BackupRecord, BadBackupError, RestoreReport
from app.services.backup_manifest import Manifest, keyslots_beside, record_from, sha256_file, verify_file

log = logging.getLogger(__name__)


def backup_name(folder: Path, at: datetime, prefix: str = "studio") -> str:
    """Return a free name like studio-20260314T153000Z.db (suffixed when taken this second)."""
    stem = f"{prefix}-{at.strftime('%Y%m%dT%H%M%SZ')}"
    name, n = f"{stem}.db", 1
    while (folder / name).exists() or keyslots_beside(folder / name).exists():
        n += 1
        name = f"{stem}-{n}.db"
    return name


def clean_stale_temps(folder: Path) -> int:
    """Delete temp files a killed process left (any pid but ours); return how many."""
    removed = 0
    for tmp in folder.glob(".*.tmp"):
        pid = tmp.name.rsplit(".", 2)[-2]
        if pid != str(os.getpid()):
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed


def write_backup(db: Database, paths: StickPaths, clock: Clock, kind: str = "backup") -> BackupRecord:
    """Snapshot the live database into data/backups/ with its key slots and a manifest line."""
    folder = paths.backups
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(folder)
    at = clock.now()
    dest = folder / backup_name(folder, at, "studio" if kind == "backup" else kind)
    refuse_if_too_big(dest, db.path.stat().st_size, "The backup")  # a copy is as big as the live database
    if paths.keyslots.exists():
        write_atomic(keyslots_beside(dest), paths.keyslots.read_bytes())
    export_encrypted(db, dest)  # temp name, fsync, integrity checks, atomic rename
    revision, counts = describe_file(dest, bytes.fromhex(db.key_hex()))
    entry = {"name": dest.name, "sha256": sha256_file(dest), "size": dest.stat().st_size,
             "revision": revision, "counts": counts, "created_at": at.isoformat(), "kind": kind}
    Manifest(folder).append(entry)
    log.info("Backup written: %s, %d bytes, %d rows", kind, entry["size"], sum(counts.values()))
    return record_from(entry, folder, state=VERIFIED)


def _safety_copy(paths: StickPaths, key: bytes, clock: Clock) -> Path:
    """Keep the current database before a restore: a checked snapshot if it opens, else the file."""
    try:
        db = Database(paths.db, key)
        try:
            return write_backup(db, paths, clock, kind="before-restore").path
        finally:
            db.close()
    except Exception:  # a damaged live file is the usual reason to restore: keep it as it is
        log.warning("The live database could not be snapshotted; keeping a plain copy of it")
        dest = paths.backups / backup_name(paths.backups, clock.now(), "damaged")
        tmp = temp_name(dest)
        shutil.copyfile(paths.db, tmp)
        publish_atomic(tmp, dest)
        return dest


def check_restorable(backup_path: Path, key: bytes) -> dict:
    """Verify a backup for restore; return its manifest line or refuse it with the reason."""
    found = verify_file(backup_path, key)
    if found:
        raise BadBackupError(f"The backup {backup_path.name} will not be restored: {' '.join(found)} "
                             "Choose another backup.")
    return Manifest(backup_path.parent).entry(backup_path.name) or {}


def swap_in(paths: StickPaths, key: bytes, backup_path: Path, entry: dict) -> dict[str, int]:
    """Copy a verified backup next to the live file and rename it over it; return its row counts.
    Nothing may have the live database open while this runs."""
    tmp = temp_name(paths.db)
    try:
        shutil.copyfile(backup_path, tmp)
        if sha256_file(tmp) != entry.get("sha256"):
            raise BadBackupError(f"The copy of {backup_path.name} changed while it was read. Try again.")
        paths.db.with_name(paths.db.name + "-journal").unlink(missing_ok=True)  # belonged to the old file
        publish_atomic(tmp, paths.db)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _, counts = describe_file(paths.db, key)
    log.info("Restored a backup with %d rows", sum(counts.values()))
    return counts


def restore_file(paths: StickPaths, key: bytes, backup_path: Path, clock: Clock | None = None) -> RestoreReport:
    """Verify `backup_path`, keep a safety copy of the live database, then swap the backup in.
    For the CLI: the live database must be closed (no open Database on it) while this runs."""
    clock = clock or Clock()
    entry = check_restorable(backup_path, key)
    safety = _safety_copy(paths, key, clock) if paths.db.exists() else paths.db
    counts = swap_in(paths, key, backup_path, entry)
    return report(backup_path, entry, counts, safety)


def report(backup_path: Path, entry: dict, counts: dict[str, int], safety: Path) -> RestoreReport:
    """Build the restore report from the backup's manifest line and the restored counts."""
    created = record_from(entry, backup_path.parent).created_at if entry else None
    return RestoreReport(name=backup_path.name, backup_created_at=created, counts=counts, safety_backup=safety)
