"""Backups of the studio: take, list, verify, mirror to a second drive, prune and restore."""

from __future__ import annotations

import dataclasses
import threading
from datetime import datetime
from pathlib import Path

from app.core.clock import Clock
from app.core.paths import StickPaths
from app.db import migrate
from app.db.engine import Database
from app.db.repos.audit import AuditRepository
from app.db.repos.settings import SettingsRepository
from app.domain.backups import (
    BAD,
    MISSING,
    UNKNOWN,
    UNUSABLE,
    VERIFIED,
    BackupRecord,
    BackupStatus,
    MirrorError,
    MirrorReport,
    RestoreReport,
)
from app.domain.bounds import MAX_BACKUP_NAME
from app.domain.errors import NotFoundError, ValidationError
from app.domain.records import User
from app.services import backup_mirror as mirrors
from app.services.authz import require_admin, require_user
from app.services.backup_export import export_folder, write_zip
from app.services.backup_manifest import (
    Manifest,
    keyslots_beside,
    read_states,
    record_from,
    remember_states,
    verify_file,
)
from app.services.backup_prune import names_to_keep
from app.services.backup_store import check_restorable, key_for_backup, report, swap_in, write_backup
from app.services.rekey import strip_mirror_slots

PATTERNS = ("studio-*.db", "before-restore-*.db")
MIRRORED = "mirror:"  # verify-state.json keys of the mirror drive's copies


class BackupService:
    """Encrypted backups in data/backups/, their manifest, and their copies on a mirror drive."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None):
        self.db, self.paths, self.clock = db, paths, clock or Clock()
        self.audit, self.settings = AuditRepository(), SettingsRepository()
        self._lock = threading.Lock()  # one backup, prune or restore at a time in this process

    @property
    def _key(self) -> bytes:
        return bytes.fromhex(self.db.key_hex())

    def _key_for(self, path: Path) -> bytes:
        return key_for_backup(self.paths, self._key, path)

    def backup_now(self, actor: User | None) -> BackupRecord:
        """Take an encrypted backup now (any signed-in user: a backup is harmless)."""
        user = require_user(actor)
        with self._lock:
            record = write_backup(self.db, self.paths, self.clock)
            remember_states(self.paths.backups, {record.name: (VERIFIED, [])})
        self._audit(user, "backup", record.name, f"Backup taken: {record.size} bytes")
        return record

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

    def prune(self, actor: User | None, keep_daily: int = 7, keep_weekly: int = 4,
              keep_monthly: int = 12) -> list[str]:
        """Delete backups beyond 7 daily, 4 weekly, 12 monthly; never the newest good one nor a bad one."""
        require_user(actor)
        with self._lock:
            records = [r for r in self._local() if r.sha256 and r.kind == "backup"]
            good = [r for r in records if r.state not in UNUSABLE]
            keep = names_to_keep(good, keep_daily, keep_weekly, keep_monthly)
            gone = [r.name for r in good if r.name not in keep]
            manifest = Manifest(self.paths.backups)
            manifest.rewrite([e for e in manifest.lines() if e["name"] not in gone])
            for name in gone:  # the manifest forgets a file before the file goes
                keyslots_beside(self.paths.backups / name).unlink(missing_ok=True)
                (self.paths.backups / name).unlink(missing_ok=True)
        return gone

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
                safety = write_backup(self.db, self.paths, self.clock, kind="before-restore")
                with self.db.raw() as conn:  # holds the write lock, so no writer starts during the swap
                    conn.close()
                    self.db.close()
                    counts = swap_in(self.paths, self._key, path, entry, backup_key)
                    self.db.close()  # drop any reader that opened the old file meanwhile
                migrate.upgrade(self.db)  # a backup from an older version of the app gets today's tables
        self._audit(admin, "restore", name, f"Backup restored: {sum(counts.values())} rows")
        return report(path, entry, counts, safety.path)

    def status(self, actor: User | None) -> BackupStatus:
        """The last good backup, the mirror drive and its last copy, and a warning when one is due."""
        require_user(actor)
        good = [r for r in self._local() if r.state not in UNUSABLE and r.created_at is not None]
        config = mirrors.load_config(self.paths)
        root = Path(config["path"]) if config.get("path") else None
        at = config.get("last_copy_at")
        return BackupStatus(last_backup=good[0] if good else None, mirror_path=root,
                            mirror_present=mirrors.is_present(root), last_mirror_name=config.get("last_copy"),
                            last_mirror_at=datetime.fromisoformat(at) if at else None,
                            warning=self._warning(good[0] if good else None))

    def _warning(self, last: BackupRecord | None) -> str | None:
        with self.db.read() as conn:
            hours = self.settings.load(conn).backup_every_hours
        if last is None:
            return "No backup has been taken yet. Take one now."
        age = (self.clock.now() - last.created_at).total_seconds() / 3600
        if age > hours:
            return (f"The last backup is {age:.0f} hours old; the schedule asks for one every {hours} hours. "
                    "Take one now.")
        return None

    def _path(self, name: str) -> Path:
        if not name or len(name) > MAX_BACKUP_NAME or Path(name).name != name:
            shown = name if len(name) <= 40 else name[:40] + "..."
            raise ValidationError(f"The name '{shown}' is not a backup name. Use a name from `backup list`.")
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
