"""When backups run while the app is open: on demand, in the background (day close, exit) and every N hours."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from app.core.paths import StickPaths
from app.domain.backups import BackupRecord
from app.domain.records import User
from flows.backups import BackupService, backup_local, mirror_backups, prune_backups, verify_newest
from flows.runner import JobResult, run_job

log = logging.getLogger(__name__)
RETRY_SECONDS = 15 * 60  # after a scheduled backup was started, wait this long before starting another
VERIFY_EVERY = timedelta(hours=24)  # the newest backup is re-hashed and opened once a day


class Backups(BackupService, Protocol):
    """What the jobs use of app.services.backups.service.BackupService, listing included."""

    def list_backups(self, actor: User | None) -> list[BackupRecord]: ...
    def up_to_date(self, actor: User | None) -> bool: ...


class BackupJobs:
    """Backup jobs of a running app through flows.runner (Prefect when up, else directly), one at a time."""

    def __init__(self, paths: StickPaths, service: Callable[[], Backups],
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.paths, self._service, self._now = paths, service, now
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def now(self, actor: User | None) -> BackupRecord:
        """Take a backup and wait for it; a mirror copy follows in the background when the drive is there."""
        service = self._service()
        done = run_job("backup-local", backup_local, service, actor, paths=self.paths)
        self._submit(self._after, actor)
        return next(r for r in service.list_backups(actor) if r.name == done.value["name"])

    def soon(self, actor: User | None, reason: str) -> Future | None:
        """Queue a backup and its mirror copy, and return at once (None once closed)."""
        return self._submit(self.cycle, actor, reason)

    def last(self, actor: User | None) -> JobResult | None:
        """At a clean exit: let the queued jobs finish, then take one last backup (pruned and mirrored),
        unless the newest backup already holds every write (then None: quitting does not wait)."""
        self.close()
        if self._service().up_to_date(actor):
            log.info("Nothing was written since the last backup; none is taken at exit")
            return None
        return self.cycle(actor, "exit")

    def cycle(self, actor: User | None, reason: str) -> JobResult:
        """Take a backup now, then prune to the retention policy, copy to the mirror drive if it is plugged
        in, and (except at exit, which must not keep anyone waiting) verify the newest backup when the last
        verify is a day old."""
        log.info("Backup started (%s)", reason)
        done = run_job("backup-local", backup_local, self._service(), actor, paths=self.paths)
        self._after(actor, verify=reason != "exit")
        return done

    def _after(self, actor: User | None, verify: bool = True) -> None:
        service = self._service()
        run_job("prune-backups", prune_backups, service, actor, paths=self.paths)
        status = service.status(actor)
        if status.mirror_present:
            run_job("mirror-backups", mirror_backups, service, actor, paths=self.paths)
        if verify and (status.last_verify_at is None or self._now() - status.last_verify_at >= VERIFY_EVERY):
            run_job("verify-newest", verify_newest, service, actor, paths=self.paths)

    def close(self) -> None:
        """Finish the queued jobs and accept no more."""
        with self._lock:
            pool, self._pool, self._closed = self._pool, None, True
        if pool is not None:
            pool.shutdown(wait=True)

    def _submit(self, work: Callable[..., Any], *args: Any) -> Future | None:
        with self._lock:
            if self._closed:
                return None
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup-jobs")
            return self._pool.submit(_logged, work, *args)


def _logged(work: Callable[..., Any], *args: Any) -> Any:
    """Run a background job; a failure is already in the job history, so here it is only logged."""
    try:
        return work(*args)
    except Exception as exc:
        log.warning("A background backup job failed (%s); see the Backups screen's history.", type(exc).__name__)
        return None


class BackupScheduler:
    """Every `poll` seconds, starts a backup when the newest good one is older than the schedule allows."""

    def __init__(self, start_backup: Callable[[], Any], last_backup_at: Callable[[], datetime | None],
                 every_hours: Callable[[], float], now: Callable[[], datetime], *, poll: float = 60.0,
                 retry_seconds: float = RETRY_SECONDS):
        self._start_backup, self._last, self._every, self._now = start_backup, last_backup_at, every_hours, now
        self.poll, self.retry_seconds = poll, retry_seconds
        self._started_at: datetime | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def due(self) -> bool:
        """Whether a backup is due now (never twice within the retry time, so a failing drive is not hammered)."""
        now, every = self._now(), timedelta(hours=self._every())
        if self._started_at is not None and now - self._started_at < min(every, timedelta(seconds=self.retry_seconds)):
            return False
        last = self._last()
        return last is None or now - last >= every

    def check(self) -> bool:
        """Start a backup if one is due; say whether it did."""
        try:
            if not self.due():
                return False
            self._started_at = self._now()
            self._start_backup()
        except Exception as exc:  # e.g. the studio was closed meanwhile: try again at the next poll
            log.warning("The scheduled backup could not be started (%s).", type(exc).__name__)
            return False
        return True

    def start(self) -> BackupScheduler:
        """Check every `poll` seconds in a background thread until stopped."""
        def loop() -> None:
            while not self._stop.wait(self.poll):
                self.check()

        self._thread = threading.Thread(target=loop, name="backup-schedule", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop checking (waits for the current check to end)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
