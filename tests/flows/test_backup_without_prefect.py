"""A backup never fails because Prefect is down: the job runs directly and the fallback is recorded."""

from __future__ import annotations

import socket
import sys

import pytest

from app.services.backups.job_history import read_runs
from app.services.backups.service import BackupService
from flows.backups import backup_local
from flows.jobs import Jobs
from flows.runner import JobRunner
from tests.conftest import run_cli
from tests.services.support_backup import point_of


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_backup_is_made_when_the_prefect_api_is_unreachable(opened, stick, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{_closed_port()}/api")
    done = _runner(opened, stick).run("backup-local", backup_local, opened.user, wait=1)
    assert done.fallback is True and done.state == "Completed"
    assert point_of(stick.backups, done.value["name"]).is_file()
    [run] = read_runs(stick)
    assert run.name == "backup-local" and run.fallback is True and run.size == done.value["size"]


def test_backup_is_made_when_prefect_cannot_be_imported(opened, stick, monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setitem(sys.modules, "prefect", None)  # `import prefect` now raises ImportError
    service = BackupService(opened.db, stick)
    runner = JobRunner(Jobs(stick, backups=lambda: service), available=lambda wait: True)  # so it tries Prefect
    done = runner.run("backup-local", backup_local, opened.user)
    assert done.fallback is True and point_of(stick.backups, done.value["name"]).is_file()
    assert read_runs(stick)[0].fallback is True


def test_a_failing_job_is_recorded_as_failed_and_raised(stick):
    def broken(jobs: Jobs, actor_id: str | None) -> dict:
        raise OSError("disk gone")

    with pytest.raises(OSError):
        JobRunner(Jobs(stick)).run("backup-local", broken, None)
    [run] = read_runs(stick)
    assert run.state == "Failed" and run.fallback is True


def test_cli_backup_now_says_the_direct_fallback_took_it(tmp_path):
    made = run_cli("init", "--home", str(tmp_path), "--studio", "Black Lotus", "--admin", "ana",
                   "--password-stdin", stdin="first password\n")
    assert made.returncode == 0, made.stderr
    env = {"PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api"}
    done = run_cli("backup", "now", "--home", str(tmp_path), "--user", "ana", "--password-stdin",
                   stdin="first password\n", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("verified studio-") and "direct: Prefect was not running" in done.stdout
    assert read_runs(_stick(tmp_path))[0].fallback is True


def _stick(home):
    from app.core.paths import resolve

    return resolve(home=home)


def _runner(opened, stick) -> JobRunner:
    service = BackupService(opened.db, stick)
    return JobRunner(Jobs(stick, backups=lambda: service))


def test_a_prefect_api_off_this_computer_is_not_used(opened, stick, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "https://api.prefect.cloud/api/accounts/x/workspaces/y")
    done = _runner(opened, stick).run("backup-local", backup_local, opened.user)
    assert done.fallback is True and point_of(stick.backups, done.value["name"]).is_file()
