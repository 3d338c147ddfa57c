"""Writing a backup into data/backups/ and swapping one back in as the live database."""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from datetime import datetime
from pathlib import Path

from app.core.atomic import publish_atomic, temp_name, write_atomic
from app.core.clock import Clock
from app.core.filesystem import refuse_if_too_big
from app.core.keyring import key_check
from app.core.keyslots import LOCK, KeySlots
from app.core.paths import StickPaths
from app.db.engine import Database, connect_raw, export_keyed
from app.db.repos.backup_counts import describe_file
from app.db.snapshot import export_encrypted
from app.domain.backups import VERIFIED, BackupRecord, BackupRefusedError, BadBackupError, RestoreReport
from app.domain.errors import DomainError
from app.services.backups.manifest import Manifest, keyslots_beside, record_from, sha256_file, verify_file
from app.services.backups.space import FreeSpace, check_room, disk_free

log = logging.getLogger(__name__)
TEMP = re.compile(r"\..+\.(?P<pid>\d+)\.tmp(-journal)?")  # atomic.temp_name(), and SQLite's journal of one
SLOTS_SUFFIX = ".keyslots.json"  # see backup_manifest.keyslots_beside()
_WRITING = threading.Lock()  # one backup written at a time in this process, so a sweep never sees one half-done


def backup_name(folder: Path, at: datetime, prefix: str = "studio") -> str:
    """Return a free name like studio-20260314T153000Z.db (suffixed when taken this second)."""
    stem = f"{prefix}-{at.strftime('%Y%m%dT%H%M%SZ')}"
    name, n = f"{stem}.db", 1
    while (folder / name).exists() or keyslots_beside(folder / name).exists():
        n += 1
        name = f"{stem}-{n}.db"
    return name


def clean_stale_temps(folder: Path) -> int:
    """Delete temp files a killed process left (any pid but ours), with SQLite's journals of them;
    return how many."""
    removed = 0
    for tmp in folder.glob(".*.tmp*"):
        found = TEMP.fullmatch(tmp.name)
        if found and found["pid"] != str(os.getpid()):
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed


def clean_orphan_keyslots(folder: Path) -> int:
    """Delete key-slot files a killed backup left: those whose backup neither exists nor is listed in the
    manifest (a backup deleted by hand keeps its slots, in case it comes back); return how many."""
    listed, removed = {e["name"] for e in Manifest(folder).lines()}, 0
    for slots in folder.glob(f"*{SLOTS_SUFFIX}"):
        backup = slots.name.removesuffix(SLOTS_SUFFIX) + ".db"
        if backup not in listed and not os.path.lexists(folder / backup):
            slots.unlink(missing_ok=True)
            removed += 1
    return removed


PREFIXES = {"backup": "studio", "before-restore": "before-restore", "before-migration": "pre-migration",
            "damaged": "damaged"}  # every kind of restore point, each listed, verified and pruned alike


def write_backup(db: Database, paths: StickPaths, clock: Clock, kind: str = "backup", label: str | None = None,
                 free: FreeSpace = disk_free) -> BackupRecord:
    """Snapshot the live database into data/backups/ with its key slots and a manifest line: the one
    writer of every kind of restore point (`label` goes into its name and line). Refused with a sentence
    when the stick lacks the room."""
    with _WRITING:
        return _write_backup(db, paths, clock, kind, label, free)


def keep_keyslots(paths: StickPaths, dest: Path) -> None:
    """Keep the live key slots beside the restore point `dest` (the one place this is done)."""
    if paths.keyslots.exists():
        write_atomic(keyslots_beside(dest), paths.keyslots.read_bytes())


def _write_backup(db: Database, paths: StickPaths, clock: Clock, kind: str, label: str | None,
                  free: FreeSpace) -> BackupRecord:
    folder = paths.backups
    folder.mkdir(parents=True, exist_ok=True)
    if clean_stale_temps(folder) + clean_orphan_keyslots(folder):
        log.info("Swept the leftovers of an interrupted backup")
    check_room(folder, db.path.stat().st_size, free)
    at = clock.now()
    dest = folder / backup_name(folder, at, PREFIXES[kind] + (f"-{label}" if label else ""))
    refuse_if_too_big(dest, db.path.stat().st_size, "The backup")  # a copy is as big as the live database
    writes, stamp = db.writes, file_stamp(db.path)  # read before the snapshot: a later write means back up again
    key = _write_slots_beside(db, paths, dest)
    try:
        export_encrypted(db, dest)  # under a read transaction; checked off every lock; temp name, atomic rename
    except BaseException:
        keyslots_beside(dest).unlink(missing_ok=True)  # no backup, so no key slots beside it
        raise
    key = _match_slots_to_copy(db, paths, dest, key)
    revision, counts = describe_file(dest, key)
    entry = {"name": dest.name, "sha256": sha256_file(dest), "size": dest.stat().st_size, "revision": revision,
             "counts": counts, "created_at": at.isoformat(), "kind": kind, "db_stamp": stamp}
    if label:
        entry["label"] = label
    Manifest(folder).append(entry)
    db.backed_up_writes = writes
    log.info("Backup written: %s, %d bytes, %d rows", kind, entry["size"], sum(counts.values()))
    return record_from(entry, folder, state=VERIFIED)


def file_stamp(path: Path) -> list[int]:
    """The live file's size and modification time: unchanged means nothing was written since."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _write_slots_beside(db: Database, paths: StickPaths, dest: Path) -> bytes:
    """Keep the live key slots beside a backup about to be written; return the key they hold."""
    with LOCK:
        keep_keyslots(paths, dest)
        return db.key()


def _match_slots_to_copy(db: Database, paths: StickPaths, dest: Path, before: bytes) -> bytes:
    """If a re-key swapped the key while the copy was written (the copy then has the new key), put the
    new slots beside it; return the copy's key. The lock is not held during the copy itself."""
    with LOCK:
        now = db.key()
        if now == before:
            return before
        try:
            connect_raw(dest, before).close()
            return before  # copied before the swap: the slots beside it (leaver removed) fit it
        except DomainError:
            keep_keyslots(paths, dest)
            return now


def _safety_copy(paths: StickPaths, key: bytes, clock: Clock) -> Path:
    """Keep the current database before a restore: a checked snapshot if it opens, else the file."""
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


def keep_damaged(paths: StickPaths, clock: Clock) -> Path:
    """Keep the live file as it is (it does not open or check) as a 'damaged' point with its manifest line."""
    folder = paths.backups
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / backup_name(folder, clock.now(), PREFIXES["damaged"])
    tmp = temp_name(dest)
    shutil.copyfile(paths.db, tmp)
    keep_keyslots(paths, dest)
    publish_atomic(tmp, dest)
    Manifest(folder).append({"name": dest.name, "sha256": sha256_file(dest), "size": dest.stat().st_size,
                             "revision": None, "counts": {}, "created_at": clock.now().isoformat(),
                             "kind": "damaged"})
    return dest


def key_for_backup(paths: StickPaths, live_key: bytes, backup_path: Path) -> bytes:
    """The key that opens `backup_path`: the live key, or an earlier key of the studio (taken before a
    re-key) from the history kept in the live key slots. Returns the live key when none opens it."""
    try:
        earlier = KeySlots.load(paths.keyslots).earlier_keys(live_key)
    except DomainError:
        earlier = []
    if not earlier or not backup_path.is_file():
        return live_key
    try:
        wanted = KeySlots.load(keyslots_beside(backup_path)).key_check
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


def check_restorable(backup_path: Path, key: bytes) -> dict:
    """Verify a backup for restore; return its manifest line or refuse it with the reason."""
    found = verify_file(backup_path, key)
    if found:
        raise BadBackupError(f"The backup {backup_path.name} will not be restored: {' '.join(found)} "
                             "Choose another backup.")
    return Manifest(backup_path.parent).entry(backup_path.name) or {}


def swap_in(paths: StickPaths, key: bytes, backup_path: Path, entry: dict,
            backup_key: bytes | None = None) -> dict[str, int]:
    """Copy a verified backup next to the live file and rename it over it; return its row counts.
    A backup taken before a re-key (`backup_key` is not `key`) is re-encrypted with the live key on
    the way, so the earlier key never opens the live file again.
    Nothing may have the live database open while this runs."""
    tmp = temp_name(paths.db)
    try:
        shutil.copyfile(backup_path, tmp)
        if sha256_file(tmp) != entry.get("sha256"):
            raise BadBackupError(f"The copy of {backup_path.name} changed while it was read. Try again.")
        if backup_key is not None and backup_key != key:
            _reencrypt(tmp, backup_key, key)
        paths.db.with_name(paths.db.name + "-journal").unlink(missing_ok=True)  # belonged to the old file
        publish_atomic(tmp, paths.db)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _, counts = describe_file(paths.db, key)
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
    """Verify `backup_path`, keep a safety copy of the live database, then swap the backup in.
    For the CLI: the live database must be closed (no open Database on it) while this runs."""
    clock = clock or Clock()
    backup_key = key_for_backup(paths, key, backup_path)
    entry = check_restorable(backup_path, backup_key)
    safety = _safety_copy(paths, key, clock) if paths.db.exists() else paths.db
    counts = swap_in(paths, key, backup_path, entry, backup_key)
    return report(backup_path, entry, counts, safety)


def report(backup_path: Path, entry: dict, counts: dict[str, int], safety: Path) -> RestoreReport:
    """Build the restore report from the backup's manifest line and the restored counts."""
    created = record_from(entry, backup_path.parent).created_at if entry else None
    return RestoreReport(name=backup_path.name, backup_created_at=created, counts=counts, safety_backup=safety)
