"""FAT32 and exFAT images mounted through FUSE, as the file systems real USB sticks come formatted with.

The machine's kernel needs no vfat/exfat module: FAT32 is mounted by `fusefat` straight from the image file,
exFAT by `mount.exfat-fuse` from a loop device (`losetup`). Both need /dev/fuse and root (for losetup).
fusefat writes at well under 1 MB/s, so a whole bundle is put on a FAT32 image with mtools' `mcopy` before
the image is mounted; the app's own writes (the studio's data) then go through fusefat as on a real stick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KINDS = ("fat32", "exfat")
TOOLS = {"fat32": ("mkfs.vfat", "fusefat", "fusermount"), "exfat": ("mkfs.exfat", "mount.exfat-fuse", "losetup")}
FILL_TOOLS = ("mcopy",)


def missing(kind: str, fill: bool = False) -> str | None:
    """Why `kind` cannot be mounted here (a sentence), or None when it can."""
    if not os.path.exists("/dev/fuse"):
        return "this machine has no /dev/fuse, so FAT32/exFAT images cannot be mounted through FUSE"
    if kind == "exfat" and (os.geteuid() != 0 or not os.path.exists("/dev/loop-control")):
        return "exFAT needs a loop device (losetup, as root) and this machine or user has none"
    tools = [t for t in TOOLS[kind] + (FILL_TOOLS if fill and kind == "fat32" else ()) if not shutil.which(t)]
    if tools:
        return (f"{', '.join(tools)} missing: .ci/run installs exfat-fuse exfatprogs fusefat dosfstools fuse3 "
                "mtools")
    return None


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stdout[-500:]} {done.stderr[-1500:]}")


def _unmount(mount: Path) -> None:
    for _ in range(50):
        done = subprocess.run(["fusermount", "-u", str(mount)], capture_output=True, text=True)
        if done.returncode == 0 or not os.path.ismount(mount):
            return
        time.sleep(0.2)  # a process that just exited may still hold a file open for a moment
    subprocess.run(["fusermount", "-u", "-z", str(mount)], capture_output=True)


@contextmanager
def mounted(kind: str, folder: Path, size_mib: int = 1024, fill: Path | None = None) -> Iterator[Path]:
    """Format a sparse image of `size_mib` in `folder` as `kind`, mount it and yield the mount point.
    `fill`: a folder copied onto the image first (FAT32: by mcopy, before mounting; exFAT: by cp)."""
    image, mount = folder / f"{kind}.img", folder / f"{kind}-mount"
    mount.mkdir(parents=True)
    with open(image, "wb") as sparse:
        sparse.truncate(size_mib * 2**20)
    loop = None
    if kind == "fat32":
        _run("mkfs.vfat", "-F", "32", str(image))  # no volume label: fusefat lists it as a file
        if fill is not None:
            _run("mcopy", "-s", "-Q", "-i", str(image), str(fill), "::/")
        _run("fusefat", "-o", "rw+", str(image), str(mount))
    else:
        _run("mkfs.exfat", str(image))
        loop = subprocess.run(["losetup", "-f", "--show", str(image)], capture_output=True, text=True,
                              check=True).stdout.strip()
        _run("mount.exfat-fuse", loop, str(mount))
        if fill is not None:
            shutil.copytree(fill, mount / fill.name)
    try:
        yield mount
    finally:
        _unmount(mount)
        if loop:
            subprocess.run(["losetup", "-d", loop], capture_output=True)
        image.unlink(missing_ok=True)
