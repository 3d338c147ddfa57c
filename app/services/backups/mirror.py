"""Copying backups to a second drive marked with `.tattoo-mirror`, verified on the far side."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any, BinaryIO

from app.core.atomic import fsync_folder, replace_file, temp_name, write_atomic
from app.core.i18n import _, ngettext
from app.core.paths import StickPaths
from app.domain.backups import MirrorError, MirrorReport
from app.services.backups import points
from app.services.backups.manifest import CHUNK, Manifest, keyslots_beside, sha256_file

MARKER = ".tattoo-mirror"
FOLDER = "TattooStudioBackups"


def config_path(paths: StickPaths) -> Path:
    """Where the chosen mirror drive is remembered."""
    return paths.data / "mirror.json"


def load_config(paths: StickPaths) -> dict[str, Any]:
    """The remembered mirror ({} when none was chosen)."""
    try:
        config = json.loads(config_path(paths).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}  # a file that is JSON but not an object: none chosen


def save_config(paths: StickPaths, config: dict[str, Any]) -> None:
    """Remember the mirror drive and its last copy, atomically."""
    write_atomic(config_path(paths), json.dumps(config, indent=2, sort_keys=True).encode("utf-8"))


def mark_drive(root: Path) -> Path:
    """Put the marker at the root of a drive (an existing folder); return its backup folder."""
    if not root.is_dir():
        raise MirrorError(_("There is no folder at %(root)s. Plug the drive in and give the path of its root.",
                            root=root))
    write_atomic(root / MARKER, b"This drive holds mirrored backups of a tattoo studio stick.\n")
    (root / FOLDER).mkdir(exist_ok=True)
    return root / FOLDER


def is_present(root: Path | None) -> bool:
    """Whether the drive is plugged in (its marker file is there)."""
    return root is not None and (root / MARKER).is_file()


def copy_chunks(src: BinaryIO, dst: BinaryIO) -> str:
    """Copy one open file into another in chunks; return the SHA-256 of what was written."""
    digest = hashlib.sha256()
    while chunk := src.read(CHUNK):
        dst.write(chunk)
        digest.update(chunk)
    return digest.hexdigest()


def _full(root: Path, name: str, copied: list[str]) -> MirrorError:
    if copied:
        return MirrorError(ngettext(
            "The mirror drive at %(root)s is full: %(n)s backup was copied first; %(name)s did not fit and was not "
            "kept there. Free some space on it or use a bigger drive; the backups on the stick are safe.",
            "The mirror drive at %(root)s is full: %(n)s backups were copied first; %(name)s did not fit and was not "
            "kept there. Free some space on it or use a bigger drive; the backups on the stick are safe.",
            len(copied), root=root, name=name))
    return MirrorError(_("The mirror drive at %(root)s is full: %(name)s did not fit and was not kept there. Free "
                         "some space on it or use a bigger drive; the backups on the stick are safe.",
                         root=root, name=name))


def copy_verified(src: Path, dest: Path, expected: str | None = None) -> bool:
    """Copy `src` to `dest` via a temp name; re-read the far side and give it its final name only
    if it hashes to `expected` (when given). Return whether it did."""
    tmp = temp_name(dest)
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            copy_chunks(fin, fout)
            fout.flush()
            os.fsync(fout.fileno())
        if expected is not None and sha256_file(tmp) != expected:
            tmp.unlink()
            return False
        replace_file(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(dest.parent)
    return True


def mirror_entries(root: Path, local_folder: Path, entries: list[dict[str, Any]]) -> MirrorReport:
    """Copy each backup of `entries` (with its key slots) that the drive lacks; append its line last."""
    if not is_present(root):
        raise MirrorError(_("The mirror drive is not plugged in: no %(marker)s marker at %(root)s. Plug it in and try "
                            "again; the backups on the stick are safe.", marker=MARKER, root=root))
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    points.recover(folder)  # a prune or copy a crash cut short
    far = Manifest(folder)
    have = {e["name"]: e.get("sha256") for e in far.lines()}
    copied: list[str] = []
    skipped: list[str] = []
    already = 0
    for entry in entries:
        name = entry["name"]
        if have.get(name) == entry["sha256"] and points.exists(folder, name, entry):
            already += 1
            continue
        local = local_folder / name
        try:
            slots = keyslots_beside(local)
            if slots.exists():
                copy_verified(slots, keyslots_beside(folder / name))
            if not _copy_point(local_folder, folder, entry):
                skipped.append(name)
                continue
            far.append(entry)  # last: a crash before it leaves an unlisted copy, found again next time
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise _full(root, name, copied) from None
            raise MirrorError(_("Copying %(name)s to the mirror drive at %(root)s failed (%(reason)s). Check the drive "
                                "and try again; the backups on the stick are safe.", name=name, root=root,
                                reason=exc.strerror or exc)) from None
        copied.append(name)
    return MirrorReport(root=root, copied=tuple(copied), already=already, skipped=tuple(skipped))


def _copy_point(local_folder: Path, folder: Path, entry: dict[str, Any]) -> bool:
    """Copy one point: its `.db` file (checked by its SHA-256), or the packs and point file of the store it
    uses that the drive lacks (each pack checked by its name). Return False when it is damaged on the stick."""
    name = entry["name"]
    if not points.stored(entry):
        return copy_verified(local_folder / name, folder / name, entry["sha256"])
    try:
        with points.WRITING:  # no collect on either side meanwhile
            points.chunk_store(local_folder).copy_to(points.chunk_store(folder), [name])
    except ValueError:
        return False
    return True

