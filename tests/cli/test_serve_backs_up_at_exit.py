"""A real `serve`: logging in stays quick (Prefect starts later, in the background) and a clean stop backs up."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.services.job_history import read_runs
from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO

URL = re.compile(r"http://127\.0\.0\.1:\d+")


@contextmanager
def _serving(root) -> Iterator[subprocess.Popen]:
    """`serve` on a stick; killed if a test leaves it running, its pipes closed at the end either way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "PREFECT_"))}
    with subprocess.Popen([sys.executable, "-m", "app", "serve", "--home", str(root), "--port", "0"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                          env={**env, "PYTHONPATH": str(REPO)}) as proc:
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


def test_a_clean_stop_takes_one_last_backup_and_records_it(created, stick):
    with _serving(stick.root) as proc:
        found = URL.search(proc.stdout.readline())
        assert found, proc.stderr.read()
        started = time.monotonic()
        login = httpx.post(found.group(0) + "/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD},
                           timeout=30)
        assert login.status_code == 200 and time.monotonic() - started < 5  # nothing heavy on the way in
        assert list(stick.backups.glob("studio-*.db")) == []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0
        assert "Stopped." in proc.stderr.read()
    assert len(list(stick.backups.glob("studio-*.db"))) == 1
    runs = read_runs(stick)  # newest first: the backup, then the prune to the retention policy
    assert [r.name for r in runs] == ["prune-backups", "backup-local"] and {r.state for r in runs} == {"Completed"}


def test_a_clean_stop_of_a_studio_nobody_unlocked_takes_no_backup(created, stick):
    with _serving(stick.root) as proc:
        assert URL.search(proc.stdout.readline())
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    assert list(stick.backups.glob("studio-*.db")) == [] and read_runs(stick) == []


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
        url = URL.search(proc.stdout.readline()).group(0)
        token = httpx.post(url + "/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD},
                           timeout=30).json()["token"]
        headers, deadline = {"Authorization": f"Bearer {token}"}, time.monotonic() + 150
        while True:  # backups run directly until Prefect's server answers, then as flows
            assert httpx.post(url + "/api/backups", headers=headers, timeout=60).status_code == 201
            if not next(r for r in read_runs(stick) if r.name == "backup-local").fallback:
                break
            assert time.monotonic() < deadline, "Prefect's server never took a backup"
            time.sleep(2)
        assert _processes_using(stick.prefect)  # the server runs with its home on the stick
        changed = httpx.patch(url + "/api/settings", headers=headers, json={"backup_every_hours": 3}, timeout=30)
        assert changed.status_code == 200  # a write after the last backup: the exit takes one
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0
    runs = read_runs(stick)
    assert [r.name for r in runs[:2]] == ["prune-backups", "backup-local"]  # the exit backup, then its prune
    assert not runs[1].fallback and runs[1].flow_run_id  # by Prefect
    assert _processes_using(stick.prefect) == []  # and the server went with the app
