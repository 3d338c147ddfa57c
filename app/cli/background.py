"""What `run` and `serve` do behind the screens once unlocked: Prefect's server, backups on schedule, one at exit."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from app.container import Container
from app.domain.records import User
from flows import runner
from flows.schedule import BackupScheduler

log = logging.getLogger(__name__)
PREFECT_DELAY = 5.0  # seconds after the first login: the first screen gets the computer's attention first


class StudioBackground:
    """Hooks into the container: after the first login it starts Prefect and the backup schedule;
    at a clean exit it stops them and takes one last backup (always, when the studio was unlocked)."""

    def __init__(self, container: Container, *, prefect: bool = True, poll: float = 60.0,
                 prefect_delay: float = PREFECT_DELAY):
        self.container, self.prefect, self.poll, self.prefect_delay = container, prefect, poll, prefect_delay
        self.scheduler: BackupScheduler | None = None
        self._unlocked_by: User | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        container.on_unlock = self.unlocked
        container.on_day_close = self.day_closed

    def unlocked(self, user: User) -> None:
        """The studio was just unlocked: start Prefect's server shortly, in the background, and the schedule."""
        with self._lock:
            if self._unlocked_by is not None:
                return
            self._unlocked_by = user
            if self.prefect:
                self._timer = threading.Timer(self.prefect_delay, runner.start_server, args=(self.container.paths,))
                self._timer.daemon = True
                self._timer.start()
            self.scheduler = BackupScheduler(
                lambda: self.container.jobs.soon(user, "schedule"), lambda: self._last_backup_at(user),
                lambda: self.container.services.settings.get(user).backup_every_hours, self.container.clock.now,
                poll=self.poll).start()

    def day_closed(self, user: User) -> None:
        """A register day was closed: queue a backup; the close request does not wait for it."""
        self.container.jobs.soon(user, "day close")

    def stop(self) -> None:
        """At a clean exit: stop the schedule, take the last backup, then stop Prefect's server."""
        with self._lock:
            scheduler, timer, user = self.scheduler, self._timer, self._unlocked_by
        if timer is not None:
            timer.cancel()
            if timer.is_alive() and timer is not threading.current_thread():
                timer.join(10)  # it may be starting Prefect right now: let it finish handing over
        if scheduler is not None:
            scheduler.stop()
        if user is not None:
            try:
                self.container.jobs.last(user)
            except Exception as exc:  # the exit goes on; the failure is in the job history
                log.warning("The backup at exit failed (%s).", type(exc).__name__)
        if self.prefect:
            try:
                runner.stop_server()
            except Exception as exc:
                log.warning("Prefect's server did not stop cleanly (%s).", type(exc).__name__)

    def _last_backup_at(self, user: User) -> datetime | None:
        last = self.container.services.backups.status(user).last_backup
        return last.created_at if last else None
