"""One running copy per stick: an OS file lock plus a note of who holds it.

Deleting data/stick.lock must not let a second copy in. On Windows it cannot be deleted while the app
holds it open. On Linux and macOS it can, so the running app also holds a lock on the data folder itself
(flock on the folder's descriptor: no extra file, works on FAT32/exFAT, dropped by the OS when the
process dies); a folder with the studio in it cannot be deleted from under the app."""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from app.core.atomic import write_atomic
from app.core.i18n import _
from app.domain.errors import StickInUseError

log = logging.getLogger(__name__)


class _FolderLock:
    """An exclusive flock on a folder (POSIX only; a no-op elsewhere or where the file system refuses)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another process holds it."""
        try:
            import fcntl
        except ImportError:  # Windows: the open stick.lock cannot be deleted, that is enough
            return True
        fd = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            log.info("This file system cannot lock folders (%s); stick.lock alone guards the stick.",
                     errno.errorcode.get(exc.errno or 0, exc.errno))
            return True
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go (closing the descriptor drops the flock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class StickLock:
    """Hold the stick for this process. The OS drops the lock when the process dies,
    so a crashed run never leaves the stick locked; only its note stays, and is overwritten."""

    def __init__(self, lock_path: Path, info_path: Path):
        self.info_path = info_path
        self._lock = FileLock(str(lock_path), timeout=0, thread_local=False, is_singleton=False)
        self._folder = _FolderLock(lock_path.parent)

    def holder(self) -> dict[str, Any]:
        """Return the last holder's note (host, pid, since), or an empty dict."""
        try:
            note = json.loads(self.info_path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return note if isinstance(note, dict) else {}

    def _refuse(self) -> StickInUseError:
        who = self.holder()
        host, pid = who.get("host") or _("another computer"), who.get("pid", "?")
        return StickInUseError(
            _("This stick is already open on %(host)s (pid %(pid)s). Close the app there first, then start it again.",
              host=host, pid=pid))

    def acquire(self) -> StickLock:
        """Take the lock or raise StickInUseError naming the host and pid holding it."""
        try:
            self._lock.acquire()
        except Timeout:
            raise self._refuse() from None
        try:
            if not self._folder.acquire():  # someone deleted stick.lock under a running app
                raise self._refuse()
            note = {"host": socket.gethostname(), "pid": os.getpid(),
                    "since": datetime.now(UTC).isoformat(timespec="seconds")}
            write_atomic(self.info_path, json.dumps(note).encode("utf-8"))
        except BaseException:
            self._folder.release()
            self._lock.release()
            raise
        return self

    def release(self) -> None:
        """Let go of the stick and remove the note."""
        if self._lock.is_locked:
            self.info_path.unlink(missing_ok=True)
            self._folder.release()
            self._lock.release()

    def __enter__(self) -> StickLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
