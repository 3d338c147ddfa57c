"""`tools/bench --startup`: the frozen bundle against the source run: size, time to API ready and to the first
window (Xvfb), memory after login without and with Prefect's server."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools import build_stick
from tools.stick_process import App, descendants, host_env, login, prefect_server, rss_mib, wait_http

REPO = build_stick.REPO
WINDOW = "Tattoo studio"


def _evict(*folders: Path) -> bool:
    """Drop the files below `folders` from the page cache (a cold start); False where the OS cannot."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                try:
                    fd = os.open(path, os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)
    return True


class Target:
    """How to start one way of running the app (the bundle or the source), and what a cold start evicts."""

    def __init__(self, name: str, command: list[str], files: list[Path], extra_env: dict[str, str]):
        self.name, self.command, self.files, self.extra_env = name, command, files, extra_env

    def start(self, args: list[str], host: dict[str, str]) -> App:
        """Start the app this way with `args`, in the host's environment plus this target's."""
        return App([*self.command, *args], {**host, **self.extra_env}, cwd=REPO)


def targets() -> list[Target]:
    """The built bundle for this computer and the source run from .venv."""
    tag = build_stick.platform_tag()
    exe = REPO / "bundle" / tag / "tattoo" / ("tattoo.exe" if tag.startswith("windows") else "tattoo")
    if not exe.is_file():
        raise SystemExit(f"There is no bundle for {tag}; build one with: python -m tools.build_stick --out DIR")
    source_files = [Path(sys.prefix) / "lib", Path(sys.base_prefix) / "lib", REPO / "app", REPO / "flows"]
    return [Target("bundle", [str(exe)], [exe.parent], {}),
            Target("source", [sys.executable, "-m", "app"], source_files, {"PYTHONPATH": str(REPO)})]


def _api_ready(target: Target, home: Path, host: dict) -> float:
    app = target.start(["serve", "--home", str(home), "--port", "0"], host)
    try:
        (api,) = app.urls("API listening")
        wait_http(api + "/api/health")
        return time.perf_counter() - app.started
    finally:
        app.stop()


def _window(target: Target, home: Path, host: dict, display: str) -> float:
    app = target.start(["run", "--home", str(home)], {**host, "DISPLAY": display})
    env = {**os.environ, "DISPLAY": display}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", WINDOW], env=env,
                                   capture_output=True, text=True).stdout.split()
            if found:
                elapsed = time.perf_counter() - app.started
                subprocess.run(["xdotool", "windowclose", found[0]], env=env, capture_output=True)
                return elapsed
            time.sleep(0.05)
        raise AssertionError(f"No '{WINDOW}' window within 120 s: {''.join(app.stderr)[-2000:]}")
    finally:
        started = [row[0] for row in descendants(app.process.pid) if row[0] != app.process.pid]
        app.stop()
        for pid in started:  # the window's client, should the app have died before closing it
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _memory(target: Target, home: Path, host: dict) -> dict:
    app = target.start(["serve", "--home", str(home), "--port", "0"], host)
    try:
        (api,) = app.urls("API listening")
        wait_http(api + "/api/health")
        login(api)
        before = rss_mib(app.process.pid)  # Prefect starts 5 s after the first login, in the background
        prefect_server(app.process.pid)
        time.sleep(2)
        return {"rss_login_mib": before, "rss_with_prefect_mib": rss_mib(app.process.pid)}
    finally:
        app.stop()


def _timed(measure, target: Target, rounds: int, *args) -> dict:
    cold_is_cold = _evict(*target.files)
    cold = measure(target, *args)
    warm = [measure(target, *args) for _ in range(rounds)]
    return {"cold_s": cold, "cold_evicted": cold_is_cold, "warm_s": statistics.median(warm), "warm_runs": rounds}


def _xvfb():
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        return None, None
    display = f":{90 + os.getpid() % 9}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    return server, display


def run(rounds: int = 3) -> dict:
    """Measure both targets in one temp demo studio; return the figures."""
    found = targets()
    bundle_dir = Path(found[0].command[0]).parent
    result: dict[str, Any] = {"bundle_mib": build_stick.folder_mib(bundle_dir),
              "desktop_client_mib": build_stick.folder_mib(bundle_dir / "_internal" / "runtime"),
              "web_client_mib": build_stick.folder_mib(bundle_dir / "_internal" / "flet_web"), "targets": {}}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        home = folder / "stick"
        made = subprocess.run([*found[0].command, "demo", "--home", str(home), "--scale", "0.005"],
                              capture_output=True, text=True, cwd=REPO)
        assert made.returncode == 0, made.stderr
        (folder / "host-home").mkdir()
        (folder / "host-tmp").mkdir()
        host = host_env(folder / "host-home", folder / "host-tmp")
        server, display = _xvfb()
        try:
            for target in found:
                figures = {"api": _timed(_api_ready, target, rounds, home, host)}
                if display:
                    figures["window"] = _timed(_window, target, rounds, home, host, display)
                figures.update(_memory(target, home, host))
                result["targets"][target.name] = figures
        finally:
            if server is not None:
                server.terminate()
                server.wait()
    return result


def print_table(result: dict) -> None:
    """Print the figures side by side: bundle, source."""
    print(f"bundle {result['bundle_mib']:.0f} MiB (desktop client {result['desktop_client_mib']:.0f} MiB, "
          f"web mode {result['web_client_mib']:.0f} MiB)")
    names = list(result["targets"])
    print(f"{'':<34}" + "".join(f"{n:>12}" for n in names))
    rows = [("API ready, cold (s)", "api", "cold_s"), ("API ready, warm median (s)", "api", "warm_s"),
            ("first window, cold (s)", "window", "cold_s"), ("first window, warm median (s)", "window", "warm_s")]
    for label, group, key in rows:
        cells = [result["targets"][n].get(group, {}).get(key) for n in names]
        print(f"{label:<34}" + "".join(f"{c:>12.2f}" if c is not None else f"{'-':>12}" for c in cells))
    for label, key in (("RSS after login (MiB)", "rss_login_mib"), ("RSS with Prefect server (MiB)",
                                                                    "rss_with_prefect_mib")):
        print(f"{label:<34}" + "".join(f"{result['targets'][n][key]:>12.0f}" for n in names))
    evicted = all(t.get("api", {}).get("cold_evicted") for t in result["targets"].values())
    print("cold = the app's files dropped from the page cache first" if evicted else
          "cold = first run (this OS cannot drop files from the page cache)")
