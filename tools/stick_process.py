"""The one driver of a running app process, for the tests, screenshots, `tools/bench --startup` and the bundle's
smoke test: start it (from source or as a built bundle), read the addresses it prints, log in, measure, stop it."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
URL = re.compile(r"http://127\.0\.0\.1:\d+")
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "PATHEXT", "COMSPEC")  # what a program needs to start at all


def host_env(home: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """A bare environment as on a studio computer: HOME and TMPDIR are the given (empty) folders, no display."""
    env = {name: os.environ[name] for name in KEEP_ENV if name in os.environ}
    env.update(HOME=str(home), TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp), USERPROFILE=str(home),
               LANGUAGE="en")  # screens in English, whatever this computer speaks, unless `extra` says otherwise
    env.update(extra)
    return env


class App:
    """A started app process whose stdout lines are read in the background (stderr kept, and copied to `log`)."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path | str = "/", log: Path | None = None):
        self.started = time.perf_counter()
        self.url: str | None = None  # web mode's page and API, once `App.web` has read them
        self.api_url: str | None = None
        self._log = log.open("w", encoding="utf-8") if log is not None else None
        self._log_lock = threading.Lock()
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()  # stdout still to read with line() or urls()
        self.stdout: list[str] = []  # all of stdout and stderr, kept
        self.stderr: list[str] = []
        self._pumps = [threading.Thread(target=self._pump, args=(self.process.stdout, self._out), daemon=True),
                       threading.Thread(target=self._pump, args=(self.process.stderr, self._err), daemon=True)]
        for pump in self._pumps:
            pump.start()

    @classmethod
    def source(cls, args: list[str], drop: tuple[str, ...] = ("TATTOO_",), log: Path | None = None,
               **extra_env: str) -> App:
        """`python -m app ARGS` from this checkout, with this environment less the variables starting with `drop`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        env.update(PYTHONPATH=str(REPO), **extra_env)
        return cls([sys.executable, "-m", "app", *args], env, cwd=REPO, log=log)

    @classmethod
    def web(cls, home: Path, log: Path, timeout: float = 60, **extra_env: str) -> App:
        """`python -m app run --web` on the stick at `home`, once its page answers; `url` and `api_url` set.
        `extra_env` adds to its environment (LANGUAGE=es: a computer that speaks Spanish)."""
        app = cls.source(["run", "--web", "--home", str(home)], drop=("TATTOO_", "FLET_"), log=log,
                         PYTHONUNBUFFERED="1", **extra_env)
        try:
            app.url, app.api_url = app.urls("Studio app on", timeout)
            wait_http(app.url, timeout)
        except AssertionError:
            app.stop(strict=False)
            raise
        return app

    @staticmethod
    def _pump(stream, put) -> None:
        for line in stream:
            put(line)

    def _out(self, line: str) -> None:
        self.stdout.append(line)
        self.lines.put(line)

    def _err(self, line: str) -> None:
        self.stderr.append(line)
        with self._log_lock:
            if self._log is not None:
                self._log.write(line)
                self._log.flush()

    def line(self, timeout: float = 120) -> str:
        """The next line the app prints on stdout ("" once it has exited without one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    return ""
        raise AssertionError(f"The app printed nothing within {timeout} s: {''.join(self.stderr)[-3000:]}")

    def urls(self, marker: str, timeout: float = 120) -> list[str]:
        """The addresses on the first stdout line containing `marker` (e.g. "API listening")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.line(max(0.2, deadline - time.monotonic()))
            if not line:
                break
            if marker in line:
                return URL.findall(line)
        raise AssertionError(f"The app never printed {marker!r}: {''.join(self.stderr)[-3000:]}")

    def wait(self, timeout: float) -> int:
        """Wait for the app to end by itself and return its exit code, with all it printed read
        (subprocess.TimeoutExpired if it is still running; leaving the `with` block then kills it)."""
        code = self.process.wait(timeout=timeout)
        self._close()
        return code

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60, strict: bool = True) -> int:
        """Ask the app to stop (SIGTERM: serve's clean exit) and return its exit code, with all it printed read.
        An app still running after `timeout` is killed; `strict` then raises instead of returning."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
            if strict:
                self._close()
                raise AssertionError(f"The app did not stop within {timeout} s.") from None
        self._close()
        return code

    def _close(self) -> None:
        for pump in self._pumps:
            pump.join(timeout=5)  # the pipes end with the app (and any child that inherited them)
        with self._log_lock:
            if self._log is not None:
                self._log.close()
                self._log = None

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc) -> None:
        """Leaving a `with` block kills an app the block did not stop."""
        if self.process.poll() is None:
            self.stop(signal.SIGKILL, timeout=10, strict=False)
        else:
            self._close()


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


def call(api: str, method: str, path: str, body: dict | None = None, token: str | None = None,
         language: str = "en") -> tuple[int, Any]:
    """One JSON request to the studio's API (its sentences in `language`); returns (status, decoded body)."""
    request = urllib.request.Request(api + path, method=method, data=json.dumps(body or {}).encode(),
                                     headers={"Content-Type": "application/json", "Accept-Language": language})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null")


def login(through, username: str = "admin", password: str = "demo-admin") -> str:
    """Log in and return the bearer token; the one login helper of the tests and tools. `through` is the API's
    address (a running app) or a client with `.post(path, json=...)`: Flask's test client or an httpx.Client."""
    credentials = {"username": username, "password": password}
    if isinstance(through, str):
        status, answer = call(through, "POST", "/api/auth/login", credentials)
    else:
        response = through.post("/api/auth/login", json=credentials)
        status = response.status_code
        answer = response.json() if callable(response.json) else response.json  # httpx: a method; Flask: a property
    assert status == 200, answer
    return answer["token"]


def bearer(through, username: str = "admin", password: str = "demo-admin") -> dict[str, str]:
    """`login`, as the header that carries its token."""
    return {"Authorization": f"Bearer {login(through, username, password)}"}


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
