"""The running app's schedule (StudioSchedule, as `run`/`serve` switch it on) runs a plugin's repeating job once
its interval has passed, for the account that unlocked the studio, and stops with it."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from app.container import Container
from app.core.clock import FixedClock
from app.plugins.hookspecs import hookimpl
from app.plugins.host import PluginHost
from app.plugins.spec import JobSpec, PluginInfo
from app.services.backups.job_history import read_runs
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.plugins.core_hooks.support_calls import calls_through

POLL = 0.02


class Ticker:
    """An hourly job that remembers who it ran for."""

    def __init__(self):
        self.ran: list[str] = []

    @hookimpl
    def register_jobs(self):
        def tick(context):
            self.ran.append(context.actor.username)
            return {"ticks": len(self.ran)}
        return [JobSpec("tick", tick, every=timedelta(hours=1))]


def _runs(stick):
    return [r for r in read_runs(stick) if r.name == "plugin-ticker-tick"]


def _wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the schedule"
        time.sleep(POLL)


def test_the_schedule_runs_a_plugin_job_each_interval_after_the_unlock(created, stick):
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0))
    container, host, ticker = Container(stick, clock), PluginHost(), Ticker()
    host.register(ticker, PluginInfo("ticker", "1.0"))
    container.plugin_calls = calls_through(host, lambda: container.services)
    background = container.schedule.begin(prefect=False, poll=POLL)
    try:
        assert background.plugin_scheduler is None  # nothing runs before the studio is unlocked
        container.login(ADMIN, ADMIN_PASSWORD)
        assert background.plugin_scheduler is not None
        time.sleep(POLL * 10)
        assert ticker.ran == []  # its first interval started at the unlock
        clock.advance(3600)
        _wait_for(lambda: ticker.ran == [ADMIN])
        clock.advance(1800)
        time.sleep(POLL * 10)
        assert ticker.ran == [ADMIN]
        clock.advance(1800)
        _wait_for(lambda: ticker.ran == [ADMIN, ADMIN] and len(_runs(stick)) == 2)  # recorded once it returned
        runs = _runs(stick)
        assert [r.state for r in runs] == ["Completed", "Completed"] and all(r.fallback for r in runs)
    finally:
        background.stop()
        container.close()
    assert background.plugin_scheduler is None
