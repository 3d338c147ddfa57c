"""Drive a running studio from outside (the smoke test and `tools/bench --startup`): start, poll, log in, measure."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

URL = re.compile(r"http://127\.0\.0\.1:\d+")
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "PATHEXT", "COMSPEC")  # what a program needs to start at all


def host_env(home: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """A bare environment as on a studio computer: HOME and TMPDIR are the given (empty) folders, no display."""
    env = {name: os.environ[name] for name in KEEP_ENV if name in os.environ}
    env.update(HOME=str(home), TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp), USERPROFILE=str(home), **extra)
    return env


class App:
    """A started app process whose stdout lines are read in the background."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path | str = "/"):
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, args=(self.process.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.process.stderr, self.stderr.append), daemon=True).start()

    @staticmethod
    def _pump(stream, put) -> None:
        for line in stream:
            put(line)

    def urls(self, marker: str, timeout: float = 120) -> list[str]:
        """The addresses on the first stdout line containing `marker` (e.g. "API listening")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if marker in line:
                return URL.findall(line)
        raise AssertionError(f"The app never printed {marker!r}: {''.join(self.stderr)[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        """Ask the app to stop (SIGTERM: serve's clean exit) and return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"The app did not stop within {timeout} s.") from None


def wait_http(url: str, timeout: float = 120, interval: float = 0.02) -> None:
    """Poll `url` until it answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (OSError, ValueError):
            pass
        time.sleep(interval)
    raise AssertionError(f"{url} did not answer within {timeout} s.")


def call(api: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, object]:
    """One JSON request to the studio's API; returns (status, decoded body)."""
    request = urllib.request.Request(api + path, method=method, data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null")


def login(api: str, username: str = "admin", password: str = "demo-admin") -> str:
    """Log in and return the bearer token."""
    status, answer = call(api, "POST", "/api/auth/login", {"username": username, "password": password})
    assert status == 200, answer
    return answer["token"]


def processes() -> list[tuple[int, int, int, str]]:
    """(pid, parent pid, RSS in KiB, command line) of every process, from `ps` (Linux and macOS)."""
    out = subprocess.run(["ps", "-A", "-ww", "-o", "pid=,ppid=,rss=,args="], capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4:
            rows.append((int(parts[0]), int(parts[1]), int(parts[2]), parts[3]))
    return rows


def descendants(pid: int) -> list[tuple[int, int, int, str]]:
    """The process `pid` and every process below it."""
    rows, found, changed = processes(), {pid}, True
    while changed:
        changed = False
        for child, parent, _, _ in rows:
            if parent in found and child not in found:
                found.add(child)
                changed = True
    return [row for row in rows if row[0] in found]


def rss_mib(pid: int) -> float:
    """Resident memory of `pid` and its children together, in MiB."""
    return sum(row[2] for row in descendants(pid)) / 1024


def prefect_server(pid: int, timeout: float = 180) -> int:
    """Wait until the Prefect server started under `pid` answers; return its port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, _, _, args in descendants(pid):
            found = re.search(r"prefect\.server\.api\.server:create_app.*--port (\d+)", args)
            if found:
                wait_http(f"http://127.0.0.1:{found.group(1)}/api/health", max(1.0, deadline - time.monotonic()))
                return int(found.group(1))
        time.sleep(0.2)
    raise AssertionError(f"No Prefect server answered under process {pid} within {timeout} s.")
