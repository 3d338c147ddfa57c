"""Backups of the studio: take, list, verify, mirror to a second drive, prune and restore."""

from __future__ import annotations

import re
import threading
from contextlib import ExitStack
from pathlib import Path

from app.core.clock import Clock
from app.core.i18n import N_, _
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
    UNUSABLE,
    VERIFIED,
    BackupRecord,
    BackupRefusedError,
    BackupStatus,
    BadBackupError,
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
from app.services.backups import points
from app.services.backups.export import export_folder, write_zip
from app.services.backups.listing import MIRRORED, local_records, mirror_paths, mirror_records
from app.services.backups.manifest import Manifest, record_from, remember_states
from app.services.backups.prune import names_to_keep
from app.services.backups.restore import key_finder, refused, report, swap_in
from app.services.backups.space import FreeSpace, clear_refusal, disk_free, remember_refusal, remember_verify
from app.services.backups.status import build_status
from app.services.backups.store import file_stamp, write_backup
from app.services.studio.rekey import strip_mirror_slots


class BackupService:
    """Encrypted backups in data/backups/, their manifest, and their copies on a mirror drive."""

    def __init__(self, db: Database, paths: StickPaths, clock: Clock | None = None,
                 free_space: FreeSpace = disk_free, policy: RetentionPolicy | None = None):
        self.db, self.paths, self.clock = db, paths, clock or Clock()
        self.free_space, self._policy = free_space, policy  # None: the studio's "Backups kept" setting
        self.audit, self.settings = AuditRepository(), SettingsRepository()
        self._lock = threading.Lock()  # one backup, prune or restore at a time in this process
        try:
            points.recover(paths.backups)  # finish what a crash cut short: a prune, a point's manifest line
        except OSError:
            pass  # a read-only or full stick: the next backup or prune tries again

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

    def _problems(self, folder: Path, name: str) -> list[str]:
        return points.verify(folder, name, key_finder(self.paths, self._key))

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
            self._audit(user, "backup", record.name, _("Backup taken: %(size)s bytes", size=record.size))
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
        targets = [self._path(name)] if name else [r.path for r in self._local()] + mirror_paths(self.paths)
        checked, states = [], {}
        for path in targets:
            folder, entry = path.parent, Manifest(path.parent).entry(path.name)
            found = self._problems(folder, path.name)
            state = (BAD if points.exists(folder, path.name, entry) else MISSING) if found else VERIFIED
            states[path.name if folder == self.paths.backups else MIRRORED + path.name] = (state, found)
            checked.append(record_from(entry or {"name": path.name, "size": 0}, folder, state, tuple(found)))
        remember_states(self.paths.backups, states)
        remember_verify(self.paths.backups, self.clock.now())
        return checked

    def list_all(self, actor: User | None) -> list[BackupRecord]:
        """Every local backup, then every copy on the mirror drive (when plugged in), each newest first."""
        require_user(actor)
        return self._local() + mirror_records(self.paths)

    def export(self, actor: User | None, name: str, folder: str | Path) -> Path:
        """Copy a verified local backup with its key slots and manifest line as a ZIP into `folder` (admin only)."""
        admin = require_admin(actor, N_("export a backup"))
        target, path = export_folder(folder), self._path(name)
        try:
            with points.checked(path.parent, name, key_finder(self.paths, self._key)) as (file, _key, entry):
                zipped = write_zip(file, entry, target, name)  # a bad backup is refused
        except BadBackupError as exc:
            raise refused(exc, name) from None
        self._audit(admin, "export", name, _("Backup exported: %(size)s bytes", size=zipped.stat().st_size))
        return zipped

    def init_mirror(self, actor: User | None, root: Path) -> Path:
        """Choose a second drive for mirrored backups and mark it (admin only)."""
        admin = require_admin(actor, N_("choose the mirror drive"))
        refuse_reserved(root, N_("folder name"))
        folder = mirrors.mark_drive(Path(root).resolve())
        mirrors.save_config(self.paths, {**mirrors.load_config(self.paths), "path": str(folder.parent)})
        self._audit(admin, "mirror-init", None, _("Mirror drive chosen"))
        return folder

    def mirror(self, actor: User | None, root: Path | None = None) -> MirrorReport:
        """Copy the good backups the mirror drive lacks, verifying each on the far side."""
        require_user(actor)
        config = mirrors.load_config(self.paths)
        root = Path(root) if root else (Path(config["path"]) if config.get("path") else None)
        if root is None:
            raise MirrorError(_("No mirror drive is chosen yet. An admin can choose one with "
                                "`backup mirror --init PATH`."))
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
        deleted = points.prune_points(self.paths.backups, gone)
        root = mirrors.load_config(self.paths).get("path")
        if root and mirrors.is_present(Path(root)):
            far = Path(root) / mirrors.FOLDER
            copies = sorted((record_from(e, far) for e in Manifest(far).lines()),  # newest first, as the policy
                            key=lambda r: (r.created_at or now, r.name), reverse=True)  # reads them
            points.prune_points(far, {r.name for r in copies} - names_to_keep(copies, policy, now))
        return deleted

    def restore(self, actor: User | None, name: str) -> RestoreReport:
        """Put a verified backup back as the live database (admin only), keeping a safety backup first."""
        admin = require_admin(actor, N_("restore a backup"))
        path = self._path(name)
        with self._lock, ExitStack() as rebuilt:
            try:  # rebuilt into a temp file (gone at the end) and checked
                file, backup_key, entry = rebuilt.enter_context(
                    points.checked(path.parent, name, key_finder(self.paths, self._key)))
            except BadBackupError as exc:
                raise refused(exc, name) from None
            # From here new writes are refused with a sentence and those under way commit first, so the
            # safety backup holds every write that was acknowledged before the swap.
            with self.db.closed_for_restore():
                safety = write_backup(self.db, self.paths, self.clock, kind="before-restore", free=self.free_space)
                with self.db.raw() as conn:  # holds the write lock, so no writer starts during the swap
                    conn.close()
                    self.db.close()
                    counts = swap_in(self.paths, self._key, file, entry, backup_key)
                    self.db.close()  # drop any reader that opened the old file meanwhile
                migrate.upgrade(self.db)  # a backup from an older version of the app gets today's tables
        self._audit(admin, "restore", name, _("Backup restored: %(rows)s rows", rows=sum(counts.values())))
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
            raise ValidationError(_("The name '%(name)s' is not a backup name. Use a name from `backup list`.",
                                    name=shown))
        refuse_reserved(name, N_("backup name"))
        path = self.paths.backups / name
        if not path.exists() and Manifest(self.paths.backups).entry(name) is None \
                and name not in points.names_on_disk(self.paths.backups):
            raise NotFoundError(_("There is no backup called %(name)s. See `backup list`.", name=name))
        return path

    def _local(self) -> list[BackupRecord]:
        return local_records(self.paths.backups, self.clock.now().tzinfo)

    def _audit(self, user: User, action: str, entity_id: str | None, summary: str) -> None:
        with self.db.write() as conn:
            self.audit.record(conn, at=self.clock.now(), actor_id=user.id, action=action,
                              entity="backup", entity_id=entity_id, summary=summary)
