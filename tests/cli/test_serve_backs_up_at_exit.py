"""A real `serve`: logging in stays quick (Prefect starts later, in the background) and a clean stop backs up."""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import httpx
import pytest

from app.services.backups.job_history import read_runs
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import point_names
from tools.stick_process import App, bearer, login

URL = re.compile(r"http://127\.0\.0\.1:\d+")


def _serving(root) -> App:
    """`serve` on a stick; killed if a test leaves it running (leave its `with` block)."""
    return App.source(["serve", "--home", str(root), "--port", "0"], drop=("TATTOO_", "PREFECT_"))


def test_a_clean_stop_takes_one_last_backup_and_records_it(created, stick):
    with _serving(stick.root) as proc:
        found = URL.search(proc.line())
        assert found, "".join(proc.stderr)
        started = time.monotonic()
        login(found.group(0), ADMIN, ADMIN_PASSWORD)  # answers 200, or fails the test
        assert time.monotonic() - started < 5  # nothing heavy on the way in
        assert point_names(stick.backups) == []
        assert proc.stop(signal.SIGTERM, timeout=120) == 0
        assert "Stopped." in "".join(proc.stderr)
    assert len(point_names(stick.backups)) == 1
    runs = read_runs(stick)  # newest first: the backup, then the prune to the retention policy
    assert [r.name for r in runs] == ["prune-backups", "backup-local"] and {r.state for r in runs} == {"Completed"}


def test_a_clean_stop_of_a_studio_nobody_unlocked_takes_no_backup(created, stick):
    with _serving(stick.root) as proc:
        assert URL.search(proc.line())
        assert proc.stop(signal.SIGTERM, timeout=60) == 0
    assert point_names(stick.backups) == [] and read_runs(stick) == []


def _processes_using(folder) -> list[int]:
    """Pids whose environment names `folder` (Prefect's server gets PREFECT_HOME on the stick)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if str(folder).encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads other processes' environment in /proc")
def test_prefect_starts_after_login_runs_the_backups_and_stops_at_exit(created, stick):
    with _serving(stick.root) as proc:
        url = URL.search(proc.line()).group(0)
        headers, deadline = bearer(url, ADMIN, ADMIN_PASSWORD), time.monotonic() + 150
        while True:  # backups run directly until Prefect's server answers, then as flows
            assert httpx.post(url + "/api/backups", headers=headers, timeout=60).status_code == 201
            if not next(r for r in read_runs(stick) if r.name == "backup-local").fallback:
                break
            assert time.monotonic() < deadline, "Prefect's server never took a backup"
            time.sleep(2)
        assert _processes_using(stick.prefect)  # the server runs with its home on the stick
        changed = httpx.patch(url + "/api/settings", headers=headers, json={"backup_every_hours": 3}, timeout=30)
        assert changed.status_code == 200  # a write after the last backup: the exit takes one
        assert proc.stop(signal.SIGTERM, timeout=120) == 0
    runs = read_runs(stick)
    assert [r.name for r in runs[:2]] == ["prune-backups", "backup-local"]  # the exit backup, then its prune
    assert not runs[1].fallback and runs[1].flow_run_id  # by Prefect
    assert _processes_using(stick.prefect) == []  # and the server went with the app
