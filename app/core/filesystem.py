"""What the stick's file system can hold: FAT32's 4 GiB file limit, found before a write reaches it.

Most sticks come formatted FAT32 (up to 32 GB) or exFAT (larger). exFAT has no practical file size limit;
FAT32 stores a file's size in 32 bits, so one file cannot reach 4 GiB. A write that crosses it fails half
way with EFBIG, so the app measures first and refuses with a sentence instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.numbers import format_decimal

from app.domain.errors import StorageError

FAT32_MAX_FILE = 2**32 - 1  # bytes: FAT32's largest file
DB_HEADROOM = 64 * 2**20  # the rollback journal and a last big write still fit below the limit
FAT32_TYPES = frozenset({"vfat", "msdos", "fat", "fuse.fusefat", "fusefat", "umsdos"})
# Where renaming over an existing file is two steps (remove the old entry, then rename): FAT32 and exFAT, whose
# FUSE driver shows as "fuseblk" (as ntfs-3g does; treating it the same costs one more rename there).
NO_ATOMIC_RENAME = FAT32_TYPES | {"exfat", "fuseblk", "fuse.exfat"}


class FileTooLargeForStickError(StorageError):
    """A file would outgrow what the stick's file system can hold; the message says what to do."""


def _unescape(field: str) -> str:
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def _linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as mounts:
            rows = [line.split() for line in mounts]
    except OSError:
        return []
    return [(_unescape(row[1]), row[2]) for row in rows if len(row) >= 3]


def parse_macos_mount(out: str) -> list[tuple[str, str]]:
    """(mount point, type) from macOS's `mount` output, e.g. "/dev/disk4s1 on /Volumes/STICK (msdos, local)"."""
    found = []
    for line in out.splitlines():
        if " on " in line and " (" in line:
            where, _, rest = line.partition(" on ")[2].rpartition(" (")
            found.append((where, rest.split(",")[0].strip()))
    return found


def _macos_mounts() -> list[tuple[str, str]]:
    try:
        out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_macos_mount(out)


def fs_type(path: Path, mounts: list[tuple[str, str]] | None = None) -> str:
    """The type of the file system holding `path` ("vfat", "msdos", "fuseblk", "ext4", ...; "" if unknown)."""
    if mounts is None:
        mounts = _linux_mounts() if sys.platform.startswith("linux") else \
            _macos_mounts() if sys.platform == "darwin" else []
    target = Path(os.path.realpath(path))
    best, kind = -1, ""
    for where, found in mounts:
        mount = Path(where)
        if (target == mount or mount in target.parents) and len(mount.parts) > best:
            best, kind = len(mount.parts), found
    return kind


def is_fat32(path: Path, mounts: list[tuple[str, str]] | None = None) -> bool:
    """Is `path` on a FAT (FAT32/FAT16) file system? Windows answers from the volume's own name for it."""
    if os.name == "nt":
        return _windows_fs_name(path).upper() in ("FAT32", "FAT")
    return fs_type(path, mounts).lower() in FAT32_TYPES


def rename_is_atomic(folder: Path) -> bool:
    """Does renaming over an existing file in `folder` swap it in one step (no moment without either file)?"""
    if os.name == "nt":
        return _windows_fs_name(folder).upper() not in ("FAT32", "FAT", "EXFAT")
    return fs_type(folder).lower() not in NO_ATOMIC_RENAME


def _windows_fs_name(path: Path) -> str:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return ""  # only Windows names a volume's file system this way
    import ctypes

    root = os.path.splitdrive(os.path.realpath(path))[0] + "\\"
    name = ctypes.create_unicode_buffer(64)
    if not ctypes.windll.kernel32.GetVolumeInformationW(root, None, 0, None, None, None, name, 64):
        return ""
    return name.value


def file_limit(folder: Path) -> int | None:
    """The largest file `folder`'s file system holds, in bytes (None: no limit the app needs to watch)."""
    return FAT32_MAX_FILE if is_fat32(folder) else None


def _gib(size: float) -> str:
    """A size in GiB with two decimals, written as the current language writes numbers."""
    from app.core import i18n  # here, not at the top: i18n -> atomic -> this module would be a cycle

    return format_decimal(size / 2**30, format="0.00", locale=i18n.current())


def too_big_sentence(what: str, size: int, limit: int) -> str:
    """Say that `what` (a name marked with `N_()` where it is written, e.g. "The backup") would outgrow FAT32's
    one-file limit, and what to do."""
    from app.core import i18n  # see _gib

    return i18n._("%(what)s would be %(size)s GiB, more than the %(limit)s GiB one file can be on this stick's "
                  "FAT32 file system, so it was not written. Copy the stick's whole folder to a stick formatted "
                  "exFAT (any computer can format one) and run the studio from there.",
                  what=i18n._(what), size=_gib(size), limit=_gib(limit + 1))


def database_full_sentence(size: int) -> str:
    """Say that the database has grown to what FAT32 allows, so the last change was not saved."""
    from app.core import i18n  # see _gib

    return i18n._("The studio's database has grown to %(size)s GiB, the most this stick's FAT32 file system lets "
                  "one file reach, so the last change was not saved. Copy the stick's whole folder to a stick "
                  "formatted exFAT (any computer can format one) and run the studio from there.", size=_gib(size))


def refuse_if_too_big(path: Path, size: int, what: str) -> None:
    """Raise FileTooLargeForStickError before a file of `size` bytes is written at `path` if it cannot fit."""
    limit = file_limit(path.parent)
    if limit is not None and size > limit:
        raise FileTooLargeForStickError(too_big_sentence(what, size, limit))


def database_page_limit(db_path: Path, page_size: int) -> int | None:
    """SQLite's max_page_count for a database on a FAT32 stick (so a write that would cross the file limit
    fails cleanly with SQLITE_FULL and is rolled back), or None where files may grow freely."""
    limit = file_limit(db_path.parent)
    return None if limit is None else max(1, (limit - DB_HEADROOM) // int(page_size))
