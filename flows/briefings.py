"""Tomorrow's briefings as jobs: one `tomorrows-briefing` flow run per artist, and `BriefingJobs`, which runs them
each night (when the studio's setting asks for it) through the same JobRunner as the backups.

Prefect's database is plaintext, so a flow gets the artist's id and the day only, and logs and returns counts,
never a name, a client or anything medical."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from app.domain.records import User
from flows.jobs import Jobs
from flows.poller import Poller
from flows.runner import JobRunner, run_logger

JOB = "tomorrows-briefing"
NIGHT_FROM = clock_time(20)  # briefings for tomorrow are made from this local hour on, once a night
log = logging.getLogger(__name__)


def tomorrows_briefing(jobs: Jobs, actor_id: str | None, day: date) -> dict:
    """Make the briefing of the artist `actor_id` for `day`, read with that artist's own rights."""
    started = time.monotonic()
    made = jobs.briefings().make(jobs.actor(actor_id), day)
    result = {"sessions": made.sessions, "chars": len(made.text), "seconds": round(time.monotonic() - started, 3)}
    logger = run_logger()
    logger.info("Briefing made: %d sessions, %d characters, %.2f s", result["sessions"], result["chars"],
                result["seconds"])
    return result


class BriefingJobs:
    """Runs each artist's briefing for tomorrow, once a night after NIGHT_FROM, when the setting is on."""

    def __init__(self, runner: JobRunner, now: Callable[[], datetime]):
        self.runner, self._now = runner, now
        self._made_for: date | None = None  # the tomorrow whose briefings this process already made
        self._lock = threading.Lock()

    def due(self, actor: User) -> date | None:
        """The day to brief for when the briefings are due now (setting on, night time, not made yet), else None."""
        settings = self.runner.jobs.settings().get(actor)
        if not settings.nightly_briefing:
            return None
        local = self._now().astimezone(ZoneInfo(settings.timezone))
        tomorrow = self.runner.jobs.briefings().tomorrow(actor)
        if local.time() < NIGHT_FROM or self._made_for == tomorrow:
            return None
        return tomorrow

    def tonight(self, actor: User) -> int:
        """Make every artist's briefing for tomorrow if due; return how many were made."""
        with self._lock:
            day = self.due(actor)
            if day is None:
                return 0
            self._made_for = day
        made = 0
        for artist in self.runner.jobs.briefings().artists(actor):
            try:  # the job runs as the artist: it reads only what they may read, and only their sessions
                self.runner.run(JOB, tomorrows_briefing, artist, day=day)
                made += 1
            except Exception as exc:  # one artist's failure (it is in the job history) does not stop the others
                log.warning("A briefing could not be made (%s).", type(exc).__name__)
        return made


class NightlyBriefings(Poller):
    """Every `poll` seconds, while the app runs, makes tomorrow's briefings when they are due (see BriefingJobs)."""

    thread_name = "briefing-schedule"

    def __init__(self, jobs: BriefingJobs, user: User, poll: float = 60.0):
        super().__init__(poll)
        self.jobs, self.user = jobs, user

    def round(self) -> float:
        """Check, then wait the poll again."""
        self.check()
        return self.poll

    def check(self) -> int:
        """Make the briefings if due; a failure is logged and tried again at the next poll."""
        try:
            return self.jobs.tonight(self.user)
        except Exception as exc:  # e.g. the studio was closed meanwhile
            log.warning("Tomorrow's briefings could not be made (%s).", type(exc).__name__)
            return 0
