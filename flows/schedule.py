"""When backups run while the app is open: on demand, in the background (day close, exit) and every N hours.

`BackupJobs` runs a backup and what follows it; `BackupScheduler` says when one is due; `StudioSchedule` is what
the running app (`run`/`serve`) switches on: Prefect's server after the first login, the schedule, a backup
after each day close and one last at a clean exit."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from app.domain.backups import BackupRecord
from app.domain.records import User
from flows import server
from flows.backups import backup_local, mirror_backups, prune_backups, verify_newest
from flows.briefings import BriefingJobs, NightlyBriefings
from flows.jobs import Backups
from flows.plugin_jobs import PluginJobs, PluginJobScheduler
from flows.poller import Poller
from flows.runner import JobResult, JobRunner
from flows.sync import EVERY, SyncScheduler

log = logging.getLogger(__name__)
RETRY_SECONDS = 15 * 60  # after a scheduled backup was started, wait this long before starting another
VERIFY_EVERY = timedelta(hours=24)  # the newest backup is re-hashed and opened once a day
PREFECT_DELAY = 5.0  # seconds after the first login: the first screen gets the computer's attention first


class BackupJobs:
    """Backup jobs of a running app through its runner (Prefect when up, else directly), one at a time."""

    def __init__(self, runner: JobRunner, now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.runner, self._now = runner, now
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def now(self, actor: User | None) -> BackupRecord:
        """Take a backup and wait for it; a mirror copy follows in the background when the drive is there."""
        done = self.runner.run("backup-local", backup_local, actor)
        self._submit(self._after, actor)
        return next(r for r in self._service().list_backups(actor) if r.name == done.value["name"])

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
        done = self.runner.run("backup-local", backup_local, actor)
        self._after(actor, verify=reason != "exit")
        return done

    def _after(self, actor: User | None, verify: bool = True) -> None:
        self.runner.run("prune-backups", prune_backups, actor)
        status = self._service().status(actor)
        if status.mirror_present:
            self.runner.run("mirror-backups", mirror_backups, actor)
        if verify and (status.last_verify_at is None or self._now() - status.last_verify_at >= VERIFY_EVERY):
            self.runner.run("verify-newest", verify_newest, actor)

    def last_backup_at(self, actor: User | None) -> datetime | None:
        """When the newest good backup was taken (None when there is none)."""
        last = self._service().status(actor).last_backup
        return last.created_at if last else None

    def every_hours(self, actor: User | None) -> float:
        """The studio's setting: back up when the newest good backup is this many hours old."""
        return self.runner.jobs.settings().get(actor).backup_every_hours

    def _service(self) -> Backups:
        return self.runner.jobs.backups()

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


def _quietly(ask: Callable[[], bool]) -> bool:
    """Ask, taking a failure as no (the schedule must not break a login)."""
    try:
        return ask()
    except Exception as exc:
        log.warning("Could not tell whether this studio syncs (%s).", type(exc).__name__)
        return False


class BackupScheduler(Poller):
    """Every `poll` seconds, starts a backup when the newest good one is older than the schedule allows."""

    thread_name = "backup-schedule"

    def __init__(self, start_backup: Callable[[], Any], last_backup_at: Callable[[], datetime | None],
                 every_hours: Callable[[], float], now: Callable[[], datetime], *, poll: float = 60.0,
                 retry_seconds: float = RETRY_SECONDS):
        super().__init__(poll)
        self._start_backup, self._last, self._every, self._now = start_backup, last_backup_at, every_hours, now
        self.retry_seconds = retry_seconds
        self._started_at: datetime | None = None

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

    def round(self) -> float:
        """Check, then wait the poll again."""
        self.check()
        return self.poll


class StudioSchedule:
    """What the running app does behind the screens, once switched on by `run`/`serve` (`begin`): after the first
    login it starts Prefect's server shortly and the backup schedule; after each day close it queues a backup;
    at a clean exit (`stop`) it stops them and takes one last backup when the studio was unlocked. Until
    switched on (tests, one-shot commands) it does nothing."""

    def __init__(self, jobs: BackupJobs, now: Callable[[], datetime], plugin_jobs: PluginJobs | None = None,
                 sync_paired: Callable[[], bool] | None = None):
        self.jobs, self._now, self.plugin_jobs, self._sync_paired = jobs, now, plugin_jobs, sync_paired
        self.sync_scheduler: SyncScheduler | None = None  # while the studio is paired with a relay
        self.prefect, self.poll, self.prefect_delay = True, 60.0, PREFECT_DELAY
        self.scheduler: BackupScheduler | None = None
        self.plugin_scheduler: PluginJobScheduler | None = None  # the plugins' jobs that repeat (JobSpec.every)
        self.nightly: BriefingJobs | None = None  # tomorrow's briefings, made each night when the setting is on
        self.briefings: NightlyBriefings | None = None
        self._on = False
        self._unlocked_by: User | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def begin(self, *, prefect: bool = True, poll: float = 60.0, prefect_delay: float = PREFECT_DELAY
              ) -> StudioSchedule:
        """Switch the schedule on (with or without Prefect's server, checking every `poll` seconds)."""
        with self._lock:
            self.prefect, self.poll, self.prefect_delay, self._on = prefect, poll, prefect_delay, True
        return self

    def unlocked(self, user: User) -> None:
        """The studio was just unlocked: start Prefect's server shortly, in the background, and the schedule."""
        with self._lock:
            if not self._on or self._unlocked_by is not None:
                return
            self._unlocked_by = user
            if self.prefect:
                paths = self.jobs.runner.jobs.paths
                self._timer = threading.Timer(self.prefect_delay, server.start_server, args=(paths,))
                self._timer.daemon = True
                self._timer.start()
            self.scheduler = BackupScheduler(
                partial(self.jobs.soon, user, "schedule"), partial(self.jobs.last_backup_at, user),
                partial(self.jobs.every_hours, user), self._now, poll=self.poll).start()
            if self.plugin_jobs is not None:
                self.plugin_scheduler = PluginJobScheduler(self.plugin_jobs, user, self.poll).start()
            if self.nightly is not None:
                self.briefings = NightlyBriefings(self.nightly, user, poll=self.poll).start()
            if self._sync_paired is not None and _quietly(self._sync_paired):
                self.sync_scheduler = SyncScheduler(self.jobs.runner, user).start()

    def paired_now(self, user: User) -> None:
        """The studio was just paired with a relay (its first sync is under way): sync every minute from now on,
        as after a login, when the schedule is on and no sync schedule runs yet."""
        with self._lock:
            if self._on and self.sync_scheduler is None:
                self.sync_scheduler = SyncScheduler(self.jobs.runner, user).start(first_delay=EVERY)

    def day_closed(self, user: User) -> None:
        """A register day was closed: queue a backup; the close request does not wait for it."""
        if self._on:
            self.jobs.soon(user, "day close")

    def stop(self) -> None:
        """At a clean exit: stop the schedule, take the last backup, then stop Prefect's server."""
        with self._lock:
            scheduler, timer, user, on, self._on = self.scheduler, self._timer, self._unlocked_by, self._on, False
            plugin_scheduler, self.plugin_scheduler = self.plugin_scheduler, None
            sync_scheduler, self.sync_scheduler = self.sync_scheduler, None
        if sync_scheduler is not None:
            sync_scheduler.stop()
        if plugin_scheduler is not None:
            plugin_scheduler.stop()
        if timer is not None:
            timer.cancel()
            if timer.is_alive() and timer is not threading.current_thread():
                timer.join(10)  # it may be starting Prefect right now: let it finish handing over
        if scheduler is not None:
            scheduler.stop()
        if self.briefings is not None:
            self.briefings.stop()
        if user is not None:
            try:
                self.jobs.last(user)
            except Exception as exc:  # the exit goes on; the failure is in the job history
                log.warning("The backup at exit failed (%s).", type(exc).__name__)
        if on and self.prefect:
            try:
                server.stop_server()
            except Exception as exc:
                log.warning("Prefect's server did not stop cleanly (%s).", type(exc).__name__)
