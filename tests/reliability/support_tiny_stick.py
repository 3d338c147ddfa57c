"""A real, small file system to be the stick: a tmpfs of a few MiB that can be filled or made read-only.

Mounting needs root (CI runs as root in its container); elsewhere the tests that need it are skipped
with the reason, and tests/core/test_stick_problems.py still covers the mapping with real errors."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

SIZE = "24m"


class TinyStick:
    """The mount point, plus filling it up, freeing it and switching it read-only."""

    def __init__(self, mount: Path):
        self.mount = mount
        self.root = mount / "stick"
        self.ballast = mount / "ballast.bin"

    def fill(self, leave: int = 0) -> None:
        """Write a ballast file until the file system says it is full, then give back `leave` bytes."""
        chunk = b"\0" * 65536
        with open(self.ballast, "ab") as fh:
            try:
                for _ in range(10_000):  # bounded: 625 MiB at most, far above SIZE
                    fh.write(chunk)
                    fh.flush()
            except OSError:
                pass
            else:
                raise AssertionError("The tiny file system never filled up.")
        if leave:
            os.truncate(self.ballast, max(0, self.ballast.stat().st_size - leave))

    def free(self) -> None:
        """Delete the ballast: what a user does with an old export."""
        self.ballast.unlink(missing_ok=True)

    def remount(self, mode: str) -> None:
        """`ro` or `rw`."""
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.mount)], check=True, capture_output=True)


@contextmanager
def mounted(folder: Path):
    """Mount a tmpfs of SIZE at `folder`; yield a TinyStick, or None when this machine cannot mount."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(folder)],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        yield None
        return
    if done.returncode != 0:
        yield None
        return
    try:
        yield TinyStick(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)
