"""The job runner's contract: jobs get ids as their parameters and reach the services through the `Jobs` they
were handed; one job at a time; the container's schedule does nothing until `run`/`serve` switch it on."""

from __future__ import annotations

import threading
import time

from app.api import create_app
from app.container import Container
from app.services.backups.job_history import read_runs
from app.services.backups.service import BackupService
from app.services.users import UserService
from flows.backups import backup_local
from flows.jobs import Jobs
from flows.runner import JobRunner
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import point_names, point_of
from tools.stick_process import bearer


def _whose(jobs: Jobs, actor_id: str | None) -> dict:
    """A job that says which account it acted for, as its flow's parameter named it."""
    return {"actor_id": actor_id, "username": jobs.actor(actor_id).username}


def test_each_job_acts_for_the_account_its_id_names(opened, stick):
    staff = UserService(opened.db, stick).create(opened.user, username="bo", display_name="Bo", role="staff",
                                                 password="a long staff password")
    runner = JobRunner(Jobs(stick))
    first, second = runner.run("whose", _whose, staff), runner.run("whose", _whose, opened.user)
    assert first.value == {"actor_id": staff.id, "username": "bo"}
    assert second.value == {"actor_id": opened.user.id, "username": opened.user.username}
    assert [r.name for r in read_runs(stick)] == ["whose", "whose"]


def test_a_paused_runner_holds_its_jobs_back_until_the_block_ends(opened, stick):
    service = BackupService(opened.db, stick)
    runner = JobRunner(Jobs(stick, backups=lambda: service))
    done: list = []
    worker = threading.Thread(target=lambda: done.append(runner.run("backup-local", backup_local, opened.user)))
    with runner.paused():
        worker.start()
        time.sleep(0.5)
        assert done == [] and point_names(stick.backups) == []
    worker.join(timeout=60)
    assert len(done) == 1 and point_of(stick.backups, done[0].value["name"]).is_file()


def test_a_container_whose_schedule_is_off_backs_up_only_on_demand(created, stick):
    container = Container(stick)
    try:
        client = create_app(container).test_client()
        headers = bearer(client, ADMIN, ADMIN_PASSWORD)
        assert client.post("/api/register/today/open", headers=headers,
                           json={"opening_float_minor": 5000}).status_code == 200
        assert client.post("/api/register/today/close", headers=headers,
                           json={"counted_cash_minor": 5000}).status_code == 200
        container.jobs.close()  # anything queued would be done now
        assert container.schedule.scheduler is None and read_runs(stick) == []
        taken = container.backup_now(container.login(ADMIN, ADMIN_PASSWORD))
        assert point_of(stick.backups, taken.name).is_file()
        assert [r.name for r in read_runs(stick)] == ["backup-local"]  # queued follow-ups are refused once closed
    finally:
        container.schedule.stop()
        container.close()
