"""Re-keying the live studio: a new database key, the slots re-sealed to it, the leaver's slot gone.

Crash safety. The new key-slot file and the new database are first written under their own names
(data/keyslots.rekey.json, then data/studio.rekey.db), then put in place in this order:
  1. keyslots.rekey.json -> keyslots.json   (the commit point: from now on the new key is the studio's)
  2. studio.rekey.db     -> studio.db
`finish_interrupted_rekey` runs before every unlock: if both new files are there, the commit point was
not reached, so both are deleted (the old key and the old slots still match); if only the new database
is there, step 1 happened, so step 2 is done now. Either way the studio opens.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Set
from dataclasses import dataclass
from pathlib import Path

from app.core import crypto
from app.core.atomic import fsync_folder, publish_atomic, temp_name
from app.core.i18n import N_, _
from app.core.keyslots import LOCK, RECOVERY_SLOT, KeySlots, Prepared
from app.core.paths import StickPaths
from app.db.engine import Database, connect_raw, export_keyed
from app.domain.errors import StorageError
from app.domain.records import User
from app.services.backups.mirror import FOLDER, is_present, load_config, save_config

log = logging.getLogger(__name__)
LEAVER_NOTE = N_("A leaver can still open the backups taken before today, if they kept copies of them; "
                  "nothing made from now on.")  # translated where it is shown


def pending_slots(paths: StickPaths) -> Path:
    """Where the re-keyed slots wait before they are put in place."""
    return paths.keyslots.with_name("keyslots.rekey.json")


def pending_db(paths: StickPaths) -> Path:
    """Where the re-encrypted database waits before it is put in place."""
    return paths.db.with_name("studio.rekey.db")


@dataclass(frozen=True)
class RekeyReport:
    """What a re-key did: how long the database was held, who must get a new password, a new code."""

    seconds: float
    reset_needed: tuple[str, ...]
    recovery_code: str | None
    backup_files_cleaned: int
    mirror_cleaned: bool


@dataclass(frozen=True)
class Rekeyed:
    """An account after a re-key that shut its old key out, and what the re-key did."""

    user: User
    report: RekeyReport


def finish_interrupted_rekey(paths: StickPaths) -> str | None:
    """Roll a re-key that was cut short back or forward (see the module docstring); say which."""
    slots, db = pending_slots(paths), pending_db(paths)
    temps = [p for target in (slots, db) for p in target.parent.glob(f".{target.name}.*")]
    if not temps and not slots.exists() and not db.exists():  # the usual case: no lock, logins never wait
        return None
    with LOCK:
        for target in (slots, db):  # temp files of a re-key cut short (and their journals); none runs now
            for leftover in target.parent.glob(f".{target.name}.*"):
                leftover.unlink(missing_ok=True)
        if slots.exists():
            db.unlink(missing_ok=True)
            slots.unlink()
            fsync_folder(paths.keyslots.parent)
            return "rolled back"
        if db.exists():
            paths.db.with_name(paths.db.name + "-journal").unlink(missing_ok=True)
            _replace_when_free(db, paths.db)
            fsync_folder(paths.db.parent)
            return "rolled forward"
    return None


def _replace_when_free(src: Path, dest: Path, tries: int = 50) -> None:
    """Rename `src` over `dest`; on Windows a reader may still hold `dest` open for a moment, so wait a
    little (bounded) for it, then say what to do."""
    for attempt in range(tries):
        try:
            os.replace(src, dest)
            return
        except PermissionError:
            if attempt == tries - 1:
                raise StorageError(_("The new key is in place, but the database file is still in use, so the "
                                     "re-keyed copy could not replace it yet. Close the app and open it again: "
                                     "the change is finished then.")) from None
            time.sleep(0.1)


def rekey_studio(db: Database, paths: StickPaths, drop: Set[str] = frozenset(),
                 replace: Prepared | None = None, users: Callable[[], set[str]] | None = None) -> RekeyReport:
    """Give the live database a new key, re-seal every remaining slot to it and drop the slots in
    `drop` (then put in `replace`, a new slot for a leaked password, if given); then remove the dropped
    slots from the key files of every backup on the stick and the mirror. With `users` (returning the slot
    ids of the active accounts; asked under the lock, after any slot being added) given, any other user
    slot is dropped too (one planted in the file, say).
    Writes wait for the duration (they queue on the write lock); nothing is refused or lost."""
    first = KeySlots.load(paths.keyslots)
    recovery = None
    if not first.bound(RECOVERY_SLOT, db.key()):  # format 1 (its code unknown) or planted: a new one, shown once
        code = crypto.new_recovery_code()
        recovery = (code, first.prepare(RECOVERY_SLOT, code))
    with LOCK:
        slots = KeySlots.load(paths.keyslots)
        started = time.perf_counter()
        new_key = crypto.new_db_key()
        with db.raw() as conn:  # holds the write lock: writers wait until the swap is done
            old_key = db.key()
            if slots.bound(RECOVERY_SLOT, old_key):  # sealed meanwhile (the code was used): it is re-sealed
                recovery = None
            lost = slots.reseal(old_key, new_key, set(drop), recovery[1] if recovery else None,
                                users() if users else None)
            if replace is not None:
                slots.install(replace, new_key)
            _write_pending(paths, slots, conn, new_key)
            conn.close()
            db.close()
            os.replace(pending_slots(paths), paths.keyslots)  # the commit point
            fsync_folder(paths.keyslots.parent)
            finish_interrupted_rekey(paths)
            db.set_key(new_key)
        seconds = time.perf_counter() - started
    log.info("Studio re-keyed in %.2f s; %d slot(s) dropped", seconds, len(drop))
    cleaned = strip_backup_slots(paths.backups, set(drop))
    mirrored = strip_mirror_slots(paths, set(drop))
    return RekeyReport(seconds=seconds, reset_needed=tuple(s.split(":", 1)[1] for s in lost if s != RECOVERY_SLOT),
                       recovery_code=recovery[0] if recovery else None, backup_files_cleaned=cleaned,
                       mirror_cleaned=mirrored)


def _write_pending(paths: StickPaths, slots: KeySlots, conn: object, new_key: bytes) -> None:
    """Write the new slots file, then the new database (checked) under their waiting names."""
    target = pending_slots(paths)
    slots.path = target
    slots._base_check = None
    target.unlink(missing_ok=True)
    slots.save()
    dest = pending_db(paths)
    tmp = temp_name(dest)
    tmp.unlink(missing_ok=True)
    try:
        export_keyed(conn, tmp, new_key)
        copy = connect_raw(tmp, new_key)
        try:
            found = [r[0] for r in copy.execute("PRAGMA cipher_integrity_check").fetchall()]
            found += [r[0] for r in copy.execute("PRAGMA quick_check").fetchall() if r[0] != "ok"]
        finally:
            copy.close()
        if found:
            raise OSError(_("The re-keyed copy failed its check (%(problems)s); nothing was changed.",
                              problems="; ".join(found[:3])))
        publish_atomic(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        raise


def strip_slots_file(path: Path, drop: set[str]) -> bool:
    """Remove the slots in `drop` from one backup's key file (atomically); return whether it changed."""
    try:
        slots = KeySlots.load(path)
    except Exception:  # a damaged or foreign file: leave it as it is
        log.warning("A backup key file could not be read while removing a slot")
        return False
    if not any(slots.remove(slot_id) for slot_id in list(drop)):
        return False
    slots._base_check = slots.key_check
    slots.save()
    return True


def strip_backup_slots(folder: Path, drop: set[str]) -> int:
    """Remove the slots in `drop` from every key file in a backup folder; return how many changed."""
    if not drop or not folder.is_dir():
        return 0
    with LOCK:  # a backup being written may put the newest slots beside its copy meanwhile
        return sum(strip_slots_file(path, drop) for path in sorted(folder.glob("*.keyslots.json")))


def strip_mirror_slots(paths: StickPaths, drop: set[str]) -> bool:
    """Remove the slots in `drop` from the mirror drive's backups now, or remember to at its next copy."""
    config = load_config(paths)
    owed = sorted(set(config.get("forget_slots", [])) | set(drop))
    if not owed:
        return True
    root = Path(config["path"]) if config.get("path") else None
    if root is None:
        return True
    if not is_present(root):
        save_config(paths, {**config, "forget_slots": owed})
        return False
    strip_backup_slots(root / FOLDER, set(owed))
    if "forget_slots" in config:
        save_config(paths, {k: v for k, v in config.items() if k != "forget_slots"})
    return True
