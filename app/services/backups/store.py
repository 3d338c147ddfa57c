"""Writing a restore point into the chunk store of data/backups/: the one writer of every kind.

What is checked when a point is written, and why (measured at demo scale 1.0, `tools/bench --backup`):
the snapshot is read under a read transaction, its row counts and schema revision in that same transaction,
and it is stored as chunks: only the pages no earlier point holds are new bytes, written into packs named by
their SHA-256 and fsynced before the sealed point file that lists them. Writing the whole snapshot to a
temp file and running `cipher_integrity_check` + `quick_check` on it would add a full copy of the
database to the stick plus the checks to every point: 2.1 s at scale 1.0 (211 MB), against 0.54 s for a
whole incremental point after 200 payments (30 such points took 305 MB beside the 211 MB database;
`tools/bench --backup --scale 1.0`, rows "full check at backup time" and "each next point"), and it would
put the exit backup (0.87 s) near its 3 s limit. That check is what the verify flow does every day
on the newest point (rebuilt from its chunks, every chunk re-hashed, every page's HMAC and SQLite's
integrity check), and before every restore, export and rebuild. Scheduled, manual and exit points are
therefore stored unchecked and checked daily; the safety points taken before a restore or a migration
(FULL_CHECK) are checked at once, because a damaged live file is the usual reason to restore: a snapshot
that fails is not stored as a good point; the caller keeps the live file as it is, as a 'damaged' point.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.atomic import temp_name, write_atomic
from app.core.clock import Clock
from app.core.i18n import _
from app.core.keyslots import LOCK
from app.core.paths import StickPaths
from app.db.engine import Database, connect_raw
from app.db.repos.backup_counts import describe_conn
from app.db.snapshot import check_copy, snapshot_with
from app.domain.backups import VERIFIED, BackupRecord
from app.domain.errors import DomainError
from app.services.backups.manifest import Manifest, keyslots_beside, record_from
from app.services.backups.points import STORE, WRITING, chunk_store, recover
from app.services.backups.space import FreeSpace, check_room, disk_free

log = logging.getLogger(__name__)
TEMP = re.compile(r"\..+\.(?P<pid>\d+)\.tmp(-journal)?")  # atomic.temp_name(), and SQLite's journal of one
SLOTS_SUFFIX = ".keyslots.json"  # see backup_manifest.keyslots_beside()


def backup_name(folder: Path, at: datetime, prefix: str = "studio") -> str:
    """Return a free name like studio-20260314T153000Z.db (suffixed when taken this second)."""
    stem = f"{prefix}-{at.strftime('%Y%m%dT%H%M%SZ')}"
    name, n = f"{stem}.db", 1
    while (folder / name).exists() or keyslots_beside(folder / name).exists() or _point(folder, name).exists():
        n += 1
        name = f"{stem}-{n}.db"
    return name


def _point(folder: Path, name: str) -> Path:
    return folder / STORE / "points" / f"{name}.point"


def clean_stale_temps(folder: Path) -> int:
    """Delete temp files a killed process left (any pid but ours) in `folder` and its chunk store, with
    SQLite's journals of them; return how many."""
    removed = 0
    for tmp in [*folder.glob(".*.tmp*"), *(folder / STORE).glob("*/.*.tmp"), *(folder / STORE).glob("*/*/.*.tmp")]:
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
        if backup not in listed and not os.path.lexists(folder / backup) and not _point(folder, backup).exists():
            slots.unlink(missing_ok=True)
            removed += 1
    return removed


FULL_CHECK = {"before-restore", "before-migration"}  # see the module's note
PREFIXES = {"backup": "studio", "before-restore": "before-restore", "before-migration": "pre-migration",
            "damaged": "damaged"}  # every kind of restore point, each listed, verified and pruned alike


def write_backup(db: Database, paths: StickPaths, clock: Clock, kind: str = "backup", label: str | None = None,
                 free: FreeSpace = disk_free) -> BackupRecord:
    """Snapshot the live database into data/backups/ with its key slots and a manifest line: the one
    writer of every kind of restore point (`label` goes into its name and line). Refused with a sentence
    when the stick lacks the room."""
    with WRITING:  # one writer at a time in this process, so a sweep or a collect never sees one half-done
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
    recover(folder)
    check_room(folder, db.path.stat().st_size, free)
    at = clock.now()
    dest = folder / backup_name(folder, at, PREFIXES[kind] + (f"-{label}" if label else ""))
    writes, stamp = db.writes, file_stamp(db.path)  # read before the snapshot: a later write means back up again
    key = _write_slots_beside(db, paths, dest)
    try:
        data, (revision, counts) = snapshot_with(db, describe_conn)  # one read transaction
        key = _match_slots_to_copy(db, paths, dest, key, data)
        if kind in FULL_CHECK:
            _full_check(data, dest, key)
        digest = hashlib.sha256(data).hexdigest()
        entry: dict[str, Any] = {"name": dest.name, "sha256": digest, "size": len(data), "revision": revision,
                                 "counts": counts, "created_at": at.isoformat(), "kind": kind, "db_stamp": stamp,
                                 "store": "chunks", **({"label": label} if label else {})}
        chunk_store(folder).add(dest.name, data, {"line": entry}, sha256=digest)
    except BaseException:
        keyslots_beside(dest).unlink(missing_ok=True)  # no point, so no key slots beside it
        raise
    Manifest(folder).append(entry)  # a crash before this line: `recover` appends it from the point
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


def _match_slots_to_copy(db: Database, paths: StickPaths, dest: Path, before: bytes, data: bytearray) -> bytes:
    """If a re-key swapped the key while the snapshot was read (it then has the new key), put the new slots
    beside it; return the snapshot's key. The lock is not held during the snapshot itself."""
    with LOCK:
        now = db.key()
        if now == before:
            return before
        tmp = temp_name(dest)
        try:
            write_atomic(tmp, bytes(data))
            connect_raw(tmp, before).close()  # read before the swap: the slots beside it (leaver removed) fit
            return before
        except DomainError:
            keep_keyslots(paths, dest)
            return now
        finally:
            tmp.unlink(missing_ok=True)


def _full_check(data: bytearray, dest: Path, key: bytes) -> None:
    """Every page's HMAC and SQLite's quick check on the snapshot, written to a temp file (deleted after);
    OSError when they find damage (the caller then keeps the live file as a 'damaged' point)."""
    tmp = temp_name(dest)
    try:
        write_atomic(tmp, bytes(data))
        found = check_copy(tmp, key)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    if found:
        raise OSError(_("The snapshot failed its check: %(problems)s", problems="; ".join(found)))


def keep_damaged(paths: StickPaths, clock: Clock) -> Path:
    """Keep the live file as it is (it does not open or check) as a 'damaged' point with its manifest line:
    in the chunk store when it is whole pages, else as a plain file (it is evidence, kept byte for byte)."""
    folder = paths.backups
    folder.mkdir(parents=True, exist_ok=True)
    recover(folder)
    dest = folder / backup_name(folder, clock.now(), PREFIXES["damaged"])
    data = paths.db.read_bytes()
    entry: dict[str, Any] = {"name": dest.name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                   "revision": None, "counts": {}, "created_at": clock.now().isoformat(), "kind": "damaged"}
    keep_keyslots(paths, dest)
    if len(data) % 4096 == 0:
        entry["store"] = "chunks"
        chunk_store(folder).add(dest.name, data, {"line": entry}, sha256=entry["sha256"])
    else:
        write_atomic(dest, data)
    Manifest(folder).append(entry)
    return dest

