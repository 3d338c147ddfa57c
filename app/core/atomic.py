"""Crash-safe file replacement: temp name, fsync, rename, fsync the folder."""

from __future__ import annotations

import os
from pathlib import Path


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


def write_atomic(final: Path, data: bytes) -> None:
    """Write `data` to `final` so readers see the old file or the whole new one, never a part."""
    tmp = temp_name(final)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(final.parent)


def publish_atomic(tmp: Path, final: Path) -> None:
    """Give an already written and closed temp file its final name, durably."""
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    fsync_folder(final.parent)
