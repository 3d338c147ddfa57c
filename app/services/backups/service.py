"""Backups of the studio: take, list, verify, mirror to a second drive, prune and restore."""

from __future__ import annotations

import dataclasses
import re
import threading
from datetime import datetime
from pathlib import Path

from app.core.clock import Clock
from app.core.paths import StickPaths
from app.core.windows_names import refuse_reserved
from app.db import migrate
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.db.repos.settings import SettingsRepository
from app.domain.backups import (
    BAD,
    HARD,
    MISSING,
    UNKNOWN,
    UNUSABLE,
    VERIFIED,
    BackupRecord,
    BackupRefusedError,
    BackupStatus,
    MirrorError,
    MirrorReport,
    RestoreReport,
    RetentionPolicy,
)
from app.domain.bounds import BACKUP_NAME_PATTERN, MAX_BACKUP_NAME
from app.domain.errors import NotFoundError, ValidationError
from app.domain.records import User
from app.services.authz import require_admin, require_user
from app.services.backups import mirror as mirrors
from app.services.backups.export import export_folder, write_zip
from app.services.backups.manifest import (
    Manifest,
    read_states,
    record_from,
    remember_states,
    verify_file,
)
from app.services.backups.prune import names_to_keep
from app.services.backups.space import FreeSpace, clear_refusal, disk_free, remember_refusal, remember_verify
from app.services.backups.status import build_status
from app.services.backups.store import check_restorable, file_stamp, key_for_backup, report, swap_in, write_backup
from app.services.studio.rekey import strip_mirror_slots

PATTERNS = ("studio-*.db", "before-restore-*.db", "pre-migration-*.db", "damaged-*.db")  # every kind
MIRRORED = "mirror:"  # verify-state.json keys of the mirror drive's copies


class BackupService:
    """Encrypted backups in data/backups/, their manifest, and their copies on a mirror drive."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None,
                 free_space: FreeSpace = disk_free, policy: RetentionPolicy | None = None):
        self.db, self.paths, self.clock = db, paths, clock or Clock()
        self.free_space, self._policy = free_space, policy  # None: the studio's "Backups kept" setting
        self.audit, self.settings = AuditRepository(), SettingsRepository()
        self._lock = threading.Lock()  # one backup, prune or restore at a time in this process

    @property
    def policy(self) -> RetentionPolicy:
        """The retention policy given at construction, else the studio's setting as it is now (read at each
        prune, so a change takes effect at the next backup)."""
        if self._policy is not None:
            return self._policy
        with self.db.read() as conn:
            return self.settings.load(conn).retention

    @property
    def _key(self) -> bytes:
        return bytes.fromhex(self.db.key_hex())

    def _key_for(self, path: Path) -> bytes:
        return key_for_backup(self.paths, self._key, path)

    def backup_now(self, actor: User | None) -> BackupRecord:
        """Take an encrypted backup now (any signed-in user: a backup is harmless). When the stick is short of
        room, prune harder first; if it still is, refuse with a sentence the Backups screen and dashboard show."""
        user = require_user(actor)
        with self._lock:
            try:
                record = self._write()
            except BackupRefusedError:
                self._prune(HARD)
                try:
                    record = self._write()
                except BackupRefusedError as exc:
                    remember_refusal(self.paths.backups, str(exc), self.clock.now())
                    raise
            clear_refusal(self.paths.backups)
            remember_states(self.paths.backups, {record.name: (VERIFIED, [])})
            self._audit(user, "backup", record.name, f"Backup taken: {record.size} bytes")
            if self.db.backed_up_writes is not None:  # its own audit line is the one write it may lack
                self.db.backed_up_writes += 1
        return record

    def _write(self) -> BackupRecord:
        return write_backup(self.db, self.paths, self.clock, free=self.free_space)

    def up_to_date(self, actor: User | None) -> bool:
        """Whether the newest good backup already holds every write (then an exit backup is skipped)."""
        require_user(actor)
        if self.db.backed_up_writes is not None:
            return self.db.backed_up_writes == self.db.writes
        newest = next((r for r in self._local() if r.kind == "backup" and r.state not in UNUSABLE), None)
        entry = Manifest(self.paths.backups).entry(newest.name) if newest else None
        return self.db.writes == 0 and entry is not None and entry.get("db_stamp") == file_stamp(self.db.path)

    def list_backups(self, actor: User | None) -> list[BackupRecord]:
        """Every local backup, newest first, with its last verified/unknown/bad state."""
        require_user(actor)
        return self._local()

    def verify(self, actor: User | None, name: str | None = None) -> list[BackupRecord]:
        """Re-hash and open one backup (by name) or every local and mirror backup; return each with its state."""
        require_user(actor)
        targets = [self._path(name)] if name else [r.path for r in self._local()] + self._mirror_paths()
        checked, states = [], {}
        for path in targets:
            found = verify_file(path, self._key_for(path))
            state = (MISSING if not path.is_file() else BAD) if found else VERIFIED
            states[path.name if path.parent == self.paths.backups else MIRRORED + path.name] = (state, found)
            entry = Manifest(path.parent).entry(path.name) or {"name": path.name, "size": 0}
            checked.append(record_from(entry, path.parent, state, tuple(found)))
        remember_states(self.paths.backups, states)
        remember_verify(self.paths.backups, self.clock.now())
        return checked

    def list_all(self, actor: User | None) -> list[BackupRecord]:
        """Every local backup, then every copy on the mirror drive (when plugged in), each newest first."""
        require_user(actor)
        states, mirrored = read_states(self.paths.backups), []
        for path in self._mirror_paths():
            state, problems = states.get(MIRRORED + path.name, (UNKNOWN, []))
            if not path.is_file():
                state, problems = MISSING, [f"The copy of {path.name} is missing from {path.parent}."]
            entry = Manifest(path.parent).entry(path.name) or {"name": path.name}
            mirrored.append(dataclasses.replace(record_from(entry, path.parent, state, tuple(problems)),
                                                location="mirror"))
        return self._local() + sorted(mirrored, key=lambda r: r.name, reverse=True)

    def export(self, actor: User | None, name: str, folder: str | Path) -> Path:
        """Copy a verified local backup with its key slots and manifest line as a ZIP into `folder` (admin only)."""
        admin = require_admin(actor, "export a backup")
        target, path = export_folder(folder), self._path(name)
        zipped = write_zip(path, check_restorable(path, self._key_for(path)), target)  # a bad backup is refused
        self._audit(admin, "export", name, f"Backup exported: {zipped.stat().st_size} bytes")
        return zipped

    def init_mirror(self, actor: User | None, root: Path) -> Path:
        """Choose a second drive for mirrored backups and mark it (admin only)."""
        admin = require_admin(actor, "choose the mirror drive")
        refuse_reserved(root, "folder name")
        folder = mirrors.mark_drive(Path(root).resolve())
        mirrors.save_config(self.paths, {**mirrors.load_config(self.paths), "path": str(folder.parent)})
        self._audit(admin, "mirror-init", None, "Mirror drive chosen")
        return folder

    def mirror(self, actor: User | None, root: Path | None = None) -> MirrorReport:
        """Copy the good backups the mirror drive lacks, verifying each on the far side."""
        require_user(actor)
        config = mirrors.load_config(self.paths)
        root = Path(root) if root else (Path(config["path"]) if config.get("path") else None)
        if root is None:
            raise MirrorError("No mirror drive is chosen yet. An admin can choose one with "
                              "`backup mirror --init PATH`.")
        strip_mirror_slots(self.paths, set())  # slots of leavers removed while the drive was away
        good = [r for r in reversed(self._local()) if r.state not in UNUSABLE and r.sha256]
        lines = {e["name"]: e for e in Manifest(self.paths.backups).lines()}
        result = mirrors.mirror_entries(root, self.paths.backups, [lines[r.name] for r in good])
        if result.copied:
            mirrors.save_config(self.paths, {**config, "last_copy": result.copied[-1],
                                             "last_copy_at": self.clock.now().isoformat()})
        return result

    def prune(self, actor: User | None, policy: RetentionPolicy | None = None) -> list[str]:
        """Delete the restore points the retention policy does not keep, on the stick and on the mirror drive
        when it is plugged in; never the newest good backup nor a bad one. Return the names deleted."""
        require_user(actor)
        with self._lock:
            return self._prune(policy or self.policy)

    def _prune(self, policy: RetentionPolicy) -> list[str]:
        now, records = self.clock.now(), self._local()
        gone = {r.name for r in records} - names_to_keep(records, policy, now)
        deleted = mirrors.prune_folder(self.paths.backups, gone)
        root = mirrors.load_config(self.paths).get("path")
        if root and mirrors.is_present(Path(root)):
            far = Path(root) / mirrors.FOLDER
            copies = [record_from(e, far) for e in Manifest(far).lines()]
            mirrors.prune_folder(far, {r.name for r in copies} - names_to_keep(copies, policy, now))
        return deleted

    def restore(self, actor: User | None, name: str) -> RestoreReport:
        """Put a verified backup back as the live database (admin only), keeping a safety backup first."""
        admin = require_admin(actor, "restore a backup")
        path = self._path(name)
        with self._lock:
            backup_key = self._key_for(path)
            entry = check_restorable(path, backup_key)
            # From here new writes are refused with a sentence and those under way commit first, so the
            # safety backup holds every write that was acknowledged before the swap.
            with self.db.closed_for_restore():
                safety = write_backup(self.db, self.paths, self.clock, kind="before-restore", free=self.free_space)
                with self.db.raw() as conn:  # holds the write lock, so no writer starts during the swap
                    conn.close()
                    self.db.close()
                    counts = swap_in(self.paths, self._key, path, entry, backup_key)
                    self.db.close()  # drop any reader that opened the old file meanwhile
                migrate.upgrade(self.db)  # a backup from an older version of the app gets today's tables
        self._audit(admin, "restore", name, f"Backup restored: {sum(counts.values())} rows")
        return report(path, entry, counts, safety.path)

    def status(self, actor: User | None) -> BackupStatus:
        """The last good backup, the mirror drive and its last copy, a warning when one is due, a refusal for
        space, the space the backups take on the stick and the mirror, free space, the last verify, retention."""
        require_user(actor)
        with self.db.read() as conn:
            every_hours = self.settings.load(conn).backup_every_hours
        return build_status(self.paths, self._local(), every_hours, self.clock.now(), self.policy, self.free_space)

    def _path(self, name: str) -> Path:
        if not name or len(name) > MAX_BACKUP_NAME or not re.fullmatch(BACKUP_NAME_PATTERN, name):
            shown = name if len(name) <= 40 else name[:40] + "..."
            raise ValidationError(f"The name '{shown}' is not a backup name. Use a name from `backup list`.")
        refuse_reserved(name, "backup name")
        path = self.paths.backups / name
        if not path.exists() and Manifest(self.paths.backups).entry(name) is None:
            raise NotFoundError(f"There is no backup called {name}. See `backup list`.")
        return path

    def _local(self) -> list[BackupRecord]:
        folder = self.paths.backups
        states = read_states(self.paths.backups)
        lines = {e["name"]: e for e in Manifest(folder).lines()}
        listed = {p.name for pattern in PATTERNS for p in folder.glob(pattern)}  # dangling links too
        on_disk = {name for name in listed if (folder / name).is_file()}
        records = []
        for name in set(lines) | listed:
            state, problems = states.get(name, (UNKNOWN, []))
            if name not in on_disk:  # deleted by hand to free space, or a link to nothing: say so, go on
                state, problems = MISSING, [f"The backup {name} is missing from {folder}."]
            size = (folder / name).stat().st_size if name in on_disk else 0
            entry = lines.get(name) or {"name": name, "size": size}
            records.append(record_from(entry, folder, state, tuple(problems)))
        oldest = datetime.min.replace(tzinfo=self.clock.now().tzinfo)
        return sorted(records, key=lambda r: (r.created_at or oldest, r.name), reverse=True)

    def _mirror_paths(self) -> list[Path]:
        root = mirrors.load_config(self.paths).get("path")
        if not root or not mirrors.is_present(Path(root)):
            return []
        folder = Path(root) / mirrors.FOLDER
        return [folder / name for name in dict.fromkeys(e["name"] for e in Manifest(folder).lines())]

    def _audit(self, user: User, action: str, entity_id: str | None, summary: str) -> None:
        with self.db.write() as conn:
            self.audit.record(conn, at=self.clock.now(), actor_id=user.id, action=action,
                              entity="backup", entity_id=entity_id, summary=summary)
