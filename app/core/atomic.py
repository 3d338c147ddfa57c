"""Crash-safe file replacement: temp name, fsync, rename, fsync the folder.

On FAT32 and exFAT, renaming over an existing file is not one step: the driver removes the old entry, then
renames, and power lost in between would leave neither. There the old file is first renamed aside to
`.NAME.old` (it stays whole), the new one takes NAME, and only then is `.NAME.old` deleted. `recover_replaced`,
run when the stick's folders are set up at every start, finishes a replace a crash cut short: NAME missing ->
`.NAME.old` goes back (the new file never fully arrived); both present -> `.NAME.old` is deleted (the new
file was complete and fsynced before its rename).
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core.filesystem import rename_is_atomic


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries so a rename survives power loss (a no-op where unsupported)."""
    if os.name == "nt":
        return  # Windows cannot open a folder for fsync; NTFS/FAT commit renames in the journal
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_name(final: Path) -> Path:
    """Return the temporary sibling a file is written under before it gets its final name."""
    return final.with_name(f".{final.name}.{os.getpid()}.tmp")


def old_name(final: Path) -> Path:
    """Where the previous version of `final` waits while a new one takes its name (FAT32/exFAT only)."""
    return final.with_name(f".{final.name}.old")


def replace_file(tmp: Path, final: Path) -> None:
    """Give a written, fsynced temp file its final name; on FAT32/exFAT in two renames a crash can't lose."""
    if not final.exists() or rename_is_atomic(final.parent):
        os.replace(tmp, final)
        return
    old = old_name(final)
    os.replace(final, old)  # 1. the old file, whole, under .NAME.old
    fsync_folder(final.parent)
    os.replace(tmp, final)  # 2. the new file (written and fsynced) under NAME
    fsync_folder(final.parent)
    old.unlink()  # 3. done


def recover_replaced(folder: Path) -> int:
    """Finish replaces a crash interrupted in `folder` (see the module's note); return how many."""
    finished = 0
    for old in folder.glob(".*.old"):
        final = old.with_name(old.name[1:-len(".old")])
        if final.exists():
            old.unlink()
        else:
            os.replace(old, final)
        finished += 1
    if finished:
        fsync_folder(folder)
    return finished


def write_atomic(final: Path, data: bytes) -> None:
    """Write `data` to `final` so readers see the old file or the whole new one, never a part."""
    tmp = temp_name(final)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace_file(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(final.parent)


def publish_atomic(tmp: Path, final: Path) -> None:
    """Give an already written and closed temp file its final name, durably."""
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    replace_file(tmp, final)
    fsync_folder(final.parent)
