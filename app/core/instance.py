"""One running copy per stick: an OS file lock plus a note of who holds it."""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from app.core.atomic import write_atomic
from app.domain.errors import StickInUseError


class StickLock:
    """Hold the stick for this process. The OS drops the lock when the process dies,
    so a crashed run never leaves the stick locked; only its note stays, and is overwritten."""

    def __init__(self, lock_path: Path, info_path: Path):
        self.info_path = info_path
        self._lock = FileLock(str(lock_path), timeout=0, thread_local=False, is_singleton=False)

    def holder(self) -> dict:
        """Return the last holder's note (host, pid, since), or an empty dict."""
        try:
            return json.loads(self.info_path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def acquire(self) -> StickLock:
        """Take the lock or raise StickInUseError naming the host and pid holding it."""
        try:
            self._lock.acquire()
        except Timeout:
            who = self.holder()
            host, pid = who.get("host", "another computer"), who.get("pid", "?")
            raise StickInUseError(
                f"This stick is already open on {host} (pid {pid}). Close the app there first, "
                "then start it again.") from None
        note = {"host": socket.gethostname(), "pid": os.getpid(),
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        write_atomic(self.info_path, json.dumps(note).encode("utf-8"))
        return self

    def release(self) -> None:
        """Let go of the stick and remove the note."""
        if self._lock.is_locked:
            self.info_path.unlink(missing_ok=True)
            self._lock.release()

    def __enter__(self) -> StickLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
