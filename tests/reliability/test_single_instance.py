"""One running copy per stick: a live holder blocks a second launch, a dead one never does."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO, run_cli

URL = re.compile(r"http://127\.0\.0\.1:\d+")


class Holder:
    """A `serve` child holding the stick; its stdout is read in a thread so it can never block."""

    def __init__(self, root):
        env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--home", str(root), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
            env={**env, "PYTHONPATH": str(REPO)})
        self.url: str | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            found = URL.search(line)
            if found and self.url is None:
                self.url = found.group(0)
                self._ready.set()
        self._ready.set()  # the child exited: stop waiting

    def wait_ready(self, timeout: float = 30) -> None:
        self._ready.wait(timeout)
        if self.url is None:
            self.stop()
            pytest.fail(f"The holder never printed its URL: {self.proc.stderr.read()}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stderr.close()


@pytest.fixture
def holder(created, stick):
    """A live `serve` on the created studio's stick, started and ready."""
    running = Holder(stick.root)
    running.wait_ready()
    yield running
    running.stop()


def _check(root) -> subprocess.CompletedProcess:
    return run_cli("check", "--home", str(root), "--user", ADMIN, "--password-stdin",
                   stdin=ADMIN_PASSWORD + "\n")


def test_second_launch_is_refused_naming_this_host_and_the_holders_pid(holder, stick):
    second = _check(stick.root)
    assert second.returncode == 1
    assert second.stderr.startswith("Error: "), second.stderr
    assert socket.gethostname() in second.stderr
    assert f"pid {holder.proc.pid}" in second.stderr
    assert second.stdout.strip() != "ok"


def test_lock_left_by_a_killed_holder_does_not_block_the_next_launch(holder, stick):
    holder.proc.send_signal(signal.SIGKILL)
    holder.proc.wait(timeout=10)
    assert stick.lock.exists() and stick.lock_info.exists(), "kill -9 should leave both files behind"
    assert json.loads(stick.lock_info.read_text("utf-8"))["pid"] == holder.proc.pid
    after = _check(stick.root)
    assert (after.returncode, after.stdout.strip()) == (0, "ok"), after.stderr


def test_note_naming_a_dead_pid_on_another_host_does_not_block_a_launch(created, stick):
    stale = {"host": "FRONT-DESK", "pid": 4120, "since": "2026-01-01T09:00:00+00:00"}
    stick.lock_info.write_text(json.dumps(stale), "utf-8")
    stick.lock.touch()
    launched = Holder(stick.root)
    try:
        launched.wait_ready()
        note = json.loads(stick.lock_info.read_text("utf-8"))
        assert (note["host"], note["pid"]) == (socket.gethostname(), launched.proc.pid)
    finally:
        launched.stop()
    assert _check(stick.root).stdout.strip() == "ok"


def test_deleting_the_lock_file_under_a_running_app_does_not_let_a_second_one_in(holder, stick):
    stick.lock.unlink()  # what a tidy user does to a file they do not recognise
    second = _check(stick.root)
    assert second.returncode == 1, second.stdout
    assert socket.gethostname() in second.stderr and f"pid {holder.proc.pid}" in second.stderr, second.stderr
    assert "Traceback" not in second.stderr
    assert holder.proc.poll() is None  # the first copy keeps running, and still answers
    third = _check(stick.root)
    assert third.returncode == 1 and f"pid {holder.proc.pid}" in third.stderr
