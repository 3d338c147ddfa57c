"""One running copy per stick: a live holder blocks a second launch, a dead one never does."""

from __future__ import annotations

import json
import signal
import socket
import subprocess

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, run_cli
from tools.stick_process import App


def start_holder(root) -> App:
    """A `serve` child holding the stick, once it printed its URL; its output is read in threads."""
    app = App.source(["serve", "--home", str(root), "--port", "0"])
    try:
        app.urls("API listening", 30)
    except AssertionError:
        app.stop(signal.SIGKILL, timeout=10, strict=False)
        raise
    return app


@pytest.fixture
def holder(created, stick):
    """A live `serve` on the created studio's stick, started and ready."""
    running = start_holder(stick.root)
    yield running
    running.stop(signal.SIGKILL, timeout=10)


def _check(root) -> subprocess.CompletedProcess:
    return run_cli("check", "--home", str(root), "--user", ADMIN, "--password-stdin",
                   stdin=ADMIN_PASSWORD + "\n")


def test_second_launch_is_refused_naming_this_host_and_the_holders_pid(holder, stick):
    second = _check(stick.root)
    assert second.returncode == 1
    assert second.stderr.startswith("Error: "), second.stderr
    assert socket.gethostname() in second.stderr
    assert f"pid {holder.process.pid}" in second.stderr
    assert second.stdout.strip() != "ok"


def test_lock_left_by_a_killed_holder_does_not_block_the_next_launch(holder, stick):
    holder.process.send_signal(signal.SIGKILL)
    holder.process.wait(timeout=10)
    assert stick.lock.exists() and stick.lock_info.exists(), "kill -9 should leave both files behind"
    assert json.loads(stick.lock_info.read_text("utf-8"))["pid"] == holder.process.pid
    after = _check(stick.root)
    assert (after.returncode, after.stdout.strip()) == (0, "ok"), after.stderr


def test_note_naming_a_dead_pid_on_another_host_does_not_block_a_launch(created, stick):
    stale = {"host": "FRONT-DESK", "pid": 4120, "since": "2026-01-01T09:00:00+00:00"}
    stick.lock_info.write_text(json.dumps(stale), "utf-8")
    stick.lock.touch()
    launched = start_holder(stick.root)
    try:
        note = json.loads(stick.lock_info.read_text("utf-8"))
        assert (note["host"], note["pid"]) == (socket.gethostname(), launched.process.pid)
    finally:
        launched.stop(signal.SIGKILL, timeout=10)
    assert _check(stick.root).stdout.strip() == "ok"


def test_deleting_the_lock_file_under_a_running_app_does_not_let_a_second_one_in(holder, stick):
    stick.lock.unlink()  # what a tidy user does to a file they do not recognise
    second = _check(stick.root)
    assert second.returncode == 1, second.stdout
    assert socket.gethostname() in second.stderr and f"pid {holder.process.pid}" in second.stderr, second.stderr
    assert "Traceback" not in second.stderr
    assert holder.process.poll() is None  # the first copy keeps running, and still answers
    third = _check(stick.root)
    assert third.returncode == 1 and f"pid {holder.process.pid}" in third.stderr
