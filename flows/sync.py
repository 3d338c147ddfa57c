"""The sync job (run through flows.runner like the backups: a Prefect flow when Prefect answers, else directly)
and `SyncScheduler`, which runs it every minute while the relay answers and backs off while it does not.

The job's parameters and result are counts only (Prefect's database is plaintext). The register never waits for a
sync: the scheduler runs in its own thread, and each of the sync's database transactions is short.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.domain.records import User
from flows.jobs import Jobs
from flows.poller import Poller
from flows.runner import JobRunner, run_logger

log = logging.getLogger(__name__)
EVERY = 60.0  # seconds between syncs while the relay answers
MAX_BACKOFF = 600.0  # while it does not: 2, 4, 8 ... minutes, at most 10, so a relay back online is found soon


def sync_studio(jobs: Jobs, actor_id: str | None) -> dict:
    """Push this device's changes to the relay and pull the others'; return counts."""
    started = time.monotonic()
    report = jobs.sync().sync_now()
    result = {"pushed": report.pushed, "applied": report.applied, "refused": report.refused,
              "seconds": round(time.monotonic() - started, 3)}
    log = run_logger()
    log.info("Sync: %d messages pushed, %d changes applied, %d refused, %.2f s", result["pushed"],
             result["applied"], result["refused"], result["seconds"])
    return result


JOBS = {"sync-studio": sync_studio}


def next_delay(failures: int, every: float = EVERY, most: float = MAX_BACKOFF) -> float:
    """Seconds until the next try after `failures` failed tries in a row."""
    return every if failures == 0 else min(every * 2 ** failures, most)


class SyncScheduler(Poller):
    """Runs the sync job now, then every `every` seconds; after failures, waits longer (see `next_delay`)."""

    thread_name, join_seconds, first_wait = "sync-schedule", 30.0, False

    def __init__(self, runner: JobRunner, user: User, every: float = EVERY, most: float = MAX_BACKOFF,
                 sleep: Callable[[float], bool] | None = None):
        super().__init__(every)
        self.runner, self.user, self.every, self.most = runner, user, every, most
        self.failures = 0
        self._sleep = sleep

    def wait(self, seconds: float) -> bool:
        """Wait (through the injected sleep in tests); True when stopped."""
        return self._sleep(seconds) if self._sleep is not None and seconds else super().wait(seconds)

    def round(self) -> float:
        """One sync, then the wait before the next."""
        return self.tick()

    def tick(self) -> float:
        """Run one sync; return the seconds to wait before the next."""
        try:
            self.runner.run("sync-studio", sync_studio, self.user)
            self.failures = 0
        except Exception as exc:  # unreachable relay, clock drift...: recorded in the job history and the status
            self.failures += 1
            log.info("Sync did not complete (%s); next try in %.0f s.", type(exc).__name__,
                     next_delay(self.failures, self.every, self.most))
        return next_delay(self.failures, self.every, self.most)


class SyncSoon:
    """"Sync now" from a screen: runs the sync job in its own thread and returns at once (one at a time)."""

    def __init__(self, runner: JobRunner):
        self.runner = runner
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether a sync started here is under way."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def soon(self, user: User) -> bool:
        """Start a sync in the background; False if one started here is under way already."""
        with self._lock:
            if self.running:
                return False

            def job() -> None:
                try:
                    self.runner.run("sync-studio", sync_studio, user)
                except Exception as exc:  # its sentence is in the sync status and the job history
                    log.info("Sync did not complete (%s).", type(exc).__name__)

            self._thread = threading.Thread(target=job, name="sync-now", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for a sync started here to end (at exit, and in tests)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
