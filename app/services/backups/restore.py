"""Putting a restore point back as the live database: the key that opens it, the checks, the swap."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from app.core.atomic import publish_atomic, temp_name
from app.core.clock import Clock
from app.core.i18n import _
from app.core.keyring import key_check
from app.core.keyslots import KeySlots
from app.core.paths import StickPaths
from app.db.engine import Database, connect_raw, export_keyed
from app.db.node import forget_node
from app.db.repos.backup_counts import describe_file
from app.domain.backups import BackupRefusedError, BadBackupError, RestoreReport
from app.domain.errors import DomainError
from app.services.backups import points
from app.services.backups.manifest import keyslots_beside, record_from, sha256_file
from app.services.backups.store import keep_damaged, write_backup

log = logging.getLogger(__name__)


def _safety_copy(paths: StickPaths, key: bytes, clock: Clock) -> Path:
    """Keep the current database before a restore: a snapshot if it opens, else the file as it is."""
    try:
        db = Database(paths.db, key)
        try:
            return write_backup(db, paths, clock, kind="before-restore").path
        finally:
            db.close()
    except BackupRefusedError:
        raise  # no room: the restore does not go on without its safety copy
    except Exception:  # a damaged live file is the usual reason to restore: keep it as it is
        log.warning("The live database could not be snapshotted; keeping a plain copy of it")
        return keep_damaged(paths, clock)


def key_for_backup(paths: StickPaths, live_key: bytes, backup_path: Path, slots: Path | None = None) -> bytes:
    """The key that opens the database file `backup_path`: the live key, or an earlier key of the studio
    (taken before a re-key) from the history kept in the live key slots; the key slots beside the point
    (`slots`, by default beside `backup_path`) say which one to try first. The live key when none opens it."""
    try:
        earlier = KeySlots.load(paths.keyslots).earlier_keys(live_key)
    except DomainError:
        earlier = []
    if not earlier or not backup_path.is_file():
        return live_key
    try:
        wanted = KeySlots.load(slots or keyslots_beside(backup_path)).key_check
    except DomainError:
        wanted = None
    candidates = sorted((live_key, *earlier), key=lambda k: key_check(k) != wanted)  # the named key first
    for key in candidates:
        try:
            connect_raw(backup_path, key).close()
            return key
        except DomainError:
            continue
    return live_key


def key_finder(paths: StickPaths, live_key: bytes) -> points.KeyFor:
    """A `points.KeyFor` for this stick's live key and its history."""
    return lambda file, slots: key_for_backup(paths, live_key, file, slots)


class RestoreRefusedError(BadBackupError):
    """A point failed its checks and its restore or export was refused (the sentence says so already)."""


def refused(exc: BadBackupError, name: str) -> BadBackupError:
    """The sentence a restore or export of a point that failed its checks ends with."""
    return RestoreRefusedError(_("The backup %(name)s will not be restored: %(problem)s Choose another backup.",
                                 name=name, problem=exc))


def swap_in(paths: StickPaths, key: bytes, backup_path: Path, entry: dict[str, Any],
            backup_key: bytes | None = None) -> dict[str, int]:
    """Copy a verified backup file next to the live file and rename it over it; return its row counts.
    A backup taken before a re-key (`backup_key` is not `key`) is re-encrypted with the live key on
    the way, so the earlier key never opens the live file again.
    Nothing may have the live database open while this runs."""
    tmp = temp_name(paths.db)
    try:
        shutil.copyfile(backup_path, tmp)
        if sha256_file(tmp) != entry.get("sha256"):
            raise BadBackupError(_("The copy of %(name)s changed while it was read. Try again.",
                                   name=entry.get("name")))
        if backup_key is not None and backup_key != key:
            _reencrypt(tmp, backup_key, key)
        paths.db.with_name(paths.db.name + "-journal").unlink(missing_ok=True)  # belonged to the old file
        publish_atomic(tmp, paths.db)
        forget_node(paths.db)  # the restored file takes a new sync node id: its old one may have stamped later changes
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _version, counts = describe_file(paths.db, key)
    log.info("Restored a backup with %d rows", sum(counts.values()))
    return counts


def _reencrypt(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Replace the file at `path` by a copy encrypted with `new_key`."""
    out = path.with_name(path.name + ".rekeyed.tmp")  # a temp name clean_stale_temps knows
    out.unlink(missing_ok=True)
    conn = connect_raw(path, old_key)
    try:
        export_keyed(conn, out, new_key)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
    os.replace(out, path)


def restore_file(paths: StickPaths, key: bytes, backup_path: Path, clock: Clock | None = None) -> RestoreReport:
    """Check the point `backup_path` names (a name in a folder of points: the stick's, the mirror's or an
    unzipped export), keep a safety copy of the live database, then swap the point in.
    For the CLI: the live database must be closed (no open Database on it) while this runs."""
    clock = clock or Clock()
    folder, name = backup_path.parent, backup_path.name
    try:
        with points.checked(folder, name, key_finder(paths, key)) as (file, backup_key, entry):
            safety = _safety_copy(paths, key, clock) if paths.db.exists() else paths.db
            counts = swap_in(paths, key, file, entry, backup_key)
    except BadBackupError as exc:
        if isinstance(exc, RestoreRefusedError):
            raise
        raise refused(exc, name) from None
    return report(backup_path, entry, counts, safety)


def report(backup_path: Path, entry: dict[str, Any], counts: dict[str, int], safety: Path) -> RestoreReport:
    """Build the restore report from the backup's manifest line and the restored counts."""
    created = record_from(entry, backup_path.parent).created_at if entry else None
    return RestoreReport(name=backup_path.name, backup_created_at=created, counts=counts, safety_backup=safety)
