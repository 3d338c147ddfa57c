"""Backups while the app is open: every N hours, at day close (without making it wait), and at a clean exit."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from app.api import create_app
from app.container import Container
from app.core.clock import FixedClock
from app.services.backups.job_history import read_runs
from flows.schedule import BackupScheduler
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import point_names
from tools.stick_process import bearer

POLL = 0.02  # seconds between schedule checks in these tests (the app checks every minute)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC).replace(microsecond=0))  # login tokens expire by the real time


@pytest.fixture
def running(created, stick, clock):
    """A container with the running app's schedule switched on (Prefect left off), closed afterwards."""
    container = Container(stick, clock)
    background = container.schedule.begin(prefect=False, poll=POLL)
    yield container, background
    background.stop()
    container.close()


def _backups(stick) -> list[str]:
    return point_names(stick.backups)


def _wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for a background backup"
        time.sleep(POLL)


def test_the_schedule_backs_up_when_the_last_backup_is_older_than_the_setting(running, stick, clock):
    container, background = running
    assert background.scheduler is None  # nothing runs before the studio is unlocked
    user = container.login(ADMIN, ADMIN_PASSWORD)
    _wait_for(lambda: len(_backups(stick)) == 1)  # no backup yet: the first check takes one
    time.sleep(POLL * 10)
    assert len(_backups(stick)) == 1  # the clock stood still: nothing is due
    clock.advance(timedelta(hours=1, minutes=59).total_seconds())
    time.sleep(POLL * 10)
    assert len(_backups(stick)) == 1  # the default schedule is every 2 hours
    clock.advance(60)
    _wait_for(lambda: len(_backups(stick)) == 2)
    container.services.settings.update(user, backup_every_hours=5)
    clock.advance(timedelta(hours=3).total_seconds())
    time.sleep(POLL * 10)
    assert len(_backups(stick)) == 2  # the setting is read at each check
    runs = [r for r in read_runs(stick) if r.name == "backup-local"]
    assert len(runs) == 2 and all(r.state == "Completed" for r in read_runs(stick))
    assert [r.name for r in read_runs(stick) if r.name == "prune-backups"] == ["prune-backups"] * 2  # after each
    assert all(r.fallback for r in runs)  # no Prefect server here: the direct run is recorded as such


def test_a_started_backup_is_not_started_again_before_the_retry_time(clock):
    started = []
    scheduler = BackupScheduler(lambda: started.append(clock.now()), lambda: None, lambda: 2, clock.now,
                                retry_seconds=900)
    assert scheduler.check() and not scheduler.check()  # e.g. a failing drive: no backup came of it
    clock.advance(899)
    assert not scheduler.check()
    clock.advance(1)
    assert scheduler.check() and len(started) == 2


def test_closing_the_day_queues_a_backup_and_does_not_wait_for_it(running, stick):
    container, _background = running
    client = create_app(container).test_client()
    headers = bearer(client, ADMIN, ADMIN_PASSWORD)
    container.services.settings.update(container.login(ADMIN, ADMIN_PASSWORD), backup_every_hours=24)
    _wait_for(lambda: len(_backups(stick)) == 1)  # the schedule's first backup, before the day closes
    opened = client.post("/api/register/today/open", headers=headers, json={"opening_float_minor": 5000})
    assert opened.status_code == 200, opened.json
    with container.runner.paused():  # a job is running: a close that waited for its backup would hang here
        closed = client.post("/api/register/today/close", headers=headers, json={"counted_cash_minor": 5000})
        assert closed.status_code == 200 and closed.json["is_closed"] is True
        assert len(_backups(stick)) == 1
    _wait_for(lambda: len(_backups(stick)) == 2)
    container.jobs.close()
    assert [r.name for r in read_runs(stick) if r.name == "backup-local"] == ["backup-local", "backup-local"]


def test_a_clean_exit_takes_one_last_backup_when_the_studio_was_unlocked(running, stick, clock):
    container, background = running
    user = container.login(ADMIN, ADMIN_PASSWORD)
    _wait_for(lambda: len(_backups(stick)) == 1)
    container.services.settings.update(user, backup_every_hours=5)  # a write the first backup lacks
    clock.advance(60)
    background.stop()
    assert len(_backups(stick)) == 2 and read_runs(stick)[0].state == "Completed"


def test_a_clean_exit_with_nothing_written_since_the_last_backup_skips_it(running, stick, clock):
    container, background = running
    container.login(ADMIN, ADMIN_PASSWORD)
    _wait_for(lambda: len(_backups(stick)) == 1 and any(r.name == "verify-newest" for r in read_runs(stick)))
    clock.advance(60)
    started = time.monotonic()
    background.stop()
    assert len(_backups(stick)) == 1 and time.monotonic() - started < 5


def test_the_newest_backup_is_verified_once_a_day_after_a_backup(running, stick, clock):
    container, _background = running
    user = container.login(ADMIN, ADMIN_PASSWORD)
    _wait_for(lambda: any(r.name == "verify-newest" for r in read_runs(stick)))
    container.jobs.now(user)  # the same day: no second verify
    container.jobs.close()
    assert [r.name for r in read_runs(stick)].count("verify-newest") == 1
    assert container.services.backups.status(user).last_verify_at == clock.now()


def test_a_clean_exit_of_a_studio_never_unlocked_takes_no_backup(running, stick):
    _container, background = running
    background.stop()
    assert _backups(stick) == [] and read_runs(stick) == []
