"""A lost stick: build a new one from the newest good backup on the mirror drive, with the recovery key."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from app.core.atomic import publish_atomic, temp_name, write_atomic
from app.core.i18n import _
from app.core.keyslots import KeySlots
from app.core.paths import StickPaths
from app.domain.backups import BadBackupError, MirrorError
from app.domain.errors import NoStudioError, NotFoundError, StorageError, StudioExistsError
from app.services.backups import points
from app.services.backups.manifest import Manifest, keyslots_beside
from app.services.backups.mirror import FOLDER, is_present


@dataclass(frozen=True)
class RebuiltStick:
    """Which mirrored backup the new stick now holds, and what was skipped on the way."""

    backup_name: str
    created_at: str
    counts: dict[str, int]
    skipped: tuple[str, ...]


def rebuild_from_mirror(paths: StickPaths, mirror_root: Path, recovery_code: str) -> RebuiltStick:
    """Copy the newest mirrored backup that the recovery key opens and that passes every check onto an
    empty stick (with its key slots, so every user's password still works)."""
    if paths.db.exists() or paths.keyslots.exists():
        raise StudioExistsError(_("A studio already exists at %(root)s. Rebuild onto an empty stick or folder.",
                                  root=paths.root))
    if not is_present(mirror_root):
        raise MirrorError(_("No mirror drive at %(root)s: the .tattoo-mirror marker is missing. Plug in the drive "
                            "that holds the backups and give its folder.", root=mirror_root))
    folder = mirror_root / FOLDER
    skipped: list[str] = []
    for entry in reversed(Manifest(folder).lines()):
        slots_file = keyslots_beside(folder / entry["name"])
        try:
            slots = KeySlots.load(slots_file)
        except (NoStudioError, StorageError) as exc:  # a missing or damaged key file: try an older backup
            skipped.append(_("%(name)s: its key slots cannot be read (%(reason)s)", name=entry["name"], reason=exc))
            continue
        key = slots.unwrap_recovery(recovery_code)  # a wrong key is the person's mistake: say so at once
        try:
            with points.checked(folder, entry["name"], _known_key(key)) as (file, _key, _line):
                _install(paths, file, slots_file)  # a point kept as chunks is rebuilt into a temp file first
        except BadBackupError as exc:
            skipped.append(f"{entry['name']}: {exc}")
            continue
        return RebuiltStick(entry["name"], entry.get("created_at", ""), entry.get("counts", {}), tuple(skipped))
    if not skipped:
        raise NotFoundError(_("No usable backup on the mirror drive: it holds no backups."))
    raise NotFoundError(_("No usable backup on the mirror drive (%(reasons)s).", reasons="; ".join(skipped)))


def _install(paths: StickPaths, backup: Path, slots_file: Path) -> None:
    paths.ensure()
    tmp = temp_name(paths.db)
    shutil.copyfile(backup, tmp)
    publish_atomic(tmp, paths.db)
    write_atomic(paths.keyslots, slots_file.read_bytes())  # last: the key file marks the studio as present


def _known_key(key: bytes) -> points.KeyFor:
    """The key of every point on the mirror: the recovery code opened it, whatever the point's slots say."""
    def key_for(_file: Path, _slots: Path) -> bytes:
        return key
    return key_for
