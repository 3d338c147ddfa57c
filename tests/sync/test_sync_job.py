"""The sync job runs through the same JobRunner as the backups (directly when Prefect is down), every minute while
the relay answers, backing off while it does not; a failed sync is in the job history and the studio keeps working."""

from __future__ import annotations

from app.db.engine import Database
from app.services.sync.service import SyncService
from app.sync.relay_client import RelayClient
from flows.jobs import Jobs
from flows.runner import JobRunner
from flows.sync import MAX_BACKOFF, SyncScheduler, next_delay


def _runner(stick, db: Database) -> JobRunner:
    service = SyncService(db, lambda url, credential: RelayClient(url, credential))
    return JobRunner(Jobs(stick, sync=lambda: service), available=lambda wait: False)


def test_the_delay_doubles_after_each_failure_up_to_ten_minutes():
    assert [next_delay(n) for n in range(6)] == [60, 120, 240, 480, MAX_BACKOFF, MAX_BACKOFF]


def test_a_sync_through_the_job_runner_pushes_and_a_dead_relay_backs_off(opened, stick, relay):
    SyncService(opened.db, lambda url, credential: RelayClient(url, credential)).start(opened.user, relay.url)
    scheduler = SyncScheduler(_runner(stick, opened.db), opened.user)
    assert scheduler.tick() == 60 and scheduler.failures == 0
    history = (stick.data / "jobs.json").read_text()
    assert "sync-studio" in history
    with opened.db.write() as conn:  # the relay moves away
        conn.exec_driver_sql("UPDATE sync_node SET relay_url = 'http://127.0.0.1:9'")
    assert [scheduler.tick() for _ in range(3)] == [120, 240, 480]
    status = SyncService(opened.db, lambda url, credential: RelayClient(url, credential)).status(opened.user)
    assert "cannot be reached" in status.last_error
    with opened.db.write() as conn:  # the register is not held up: writes go on
        conn.exec_driver_sql("UPDATE users SET display_name = 'Still here'")


def test_the_scheduler_thread_syncs_at_once_and_stops(opened, stick, relay):
    SyncService(opened.db, lambda url, credential: RelayClient(url, credential)).start(opened.user, relay.url)
    waits: list[float] = []

    def sleep(seconds: float) -> bool:
        waits.append(seconds)
        return len(waits) >= 2  # stop after the second sync

    scheduler = SyncScheduler(_runner(stick, opened.db), opened.user, sleep=sleep).start()
    scheduler._thread.join(timeout=60)
    assert waits == [60, 60]
    scheduler.stop()
    assert (stick.data / "jobs.json").read_text().count("sync-studio") == 2

