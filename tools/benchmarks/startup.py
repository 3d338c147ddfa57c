"""`tools/bench --startup`: how soon the window is usable, from source and from the frozen bundle, and (with
--baseline CHECKOUT) the source run of another checkout, side by side in one run.

For each way of running the app, on one small demo studio, under Xvfb (tools/benchmarks/first_screen.py says how
the login form is seen on the screen):
- cold: the OS page cache dropped first (`echo 3 > /proc/sys/vm/drop_caches`, as root; else the app's files are
  evicted one by one): seconds to the window mapped and to the login form painted, and the bytes the process tree
  read from storage until the form showed (/proc/PID/io read_bytes);
- warm (median of --rounds): the same seconds, and memory 3 s after the window: the Python process, the Flutter
  client, and the whole tree (Prefect's server is not running then: it starts after the first login);
- one traced start (strace -f): how many distinct files were opened until the form showed;
- an estimate for a real stick: warm seconds + bytes / throughput + files x latency (USB 2.0: 30 MB/s, 1 ms a
  file; USB 3: 100 MB/s, 0.3 ms a file);
- Prefect's server alone: its process tree's memory once it answers (`serve`, a login, the server started).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools import build_stick
from tools.benchmarks import first_screen
from tools.stick_process import App, descendants, host_env, login, prefect_server, wait_http

REPO = build_stick.REPO
RESULTS = REPO / "data" / "bench"
USB = {"usb2": (30e6, 0.001), "usb3": (100e6, 0.0003)}  # bytes per second, seconds per file opened
TARGETS = {"usable_warm_s": 1.2, "usb2_s": 5.0, "read_mb": 120.0, "tree_mib": 300.0, "bundle_mib": 250.0}
PEERS = ("peers (issue 21): PyQt tattoo-studio app: window 2.1 s, 160-167 MiB; a bare Flet 0.82.2 window: "
         "1.06 s, 277 MiB")


class Target:
    """One way of starting the app: its command, environment, and the folders a cold start must not find cached."""

    def __init__(self, name: str, command: list[str], files: list[Path], extra_env: dict[str, str], cwd: Path):
        self.name, self.command, self.files, self.extra_env, self.cwd = name, command, files, extra_env, cwd

    def popen(self, args: list[str], env: dict[str, str], prefix: list[str] | None = None,
              log: Path | None = None) -> subprocess.Popen:
        """Start the app this way with `args` (behind `prefix`, e.g. strace), stderr to `log`."""
        err = log.open("w") if log is not None else subprocess.DEVNULL
        return subprocess.Popen([*(prefix or []), *self.command, *args], env={**env, **self.extra_env}, cwd=self.cwd,
                                stdout=subprocess.DEVNULL, stderr=err)

    def start(self, args: list[str], host: dict[str, str]) -> App:
        """Start the app this way with `args`, stdout read (for `serve`'s address)."""
        return App([*self.command, *args], {**host, **self.extra_env}, cwd=self.cwd)


def targets_in(checkout: Path, label: str = "") -> list[Target]:
    """The source run of `checkout` from this venv, and its built bundle for this computer when there is one."""
    tag = build_stick.platform_tag()
    exe = checkout / "bundle" / tag / "tattoo" / ("tattoo.exe" if tag.startswith("windows") else "tattoo")
    # what a source stick holds: the checkout (its runtime/ too) and the venv's packages; Python is the computer's
    source_files = [Path(sys.prefix) / "lib", checkout / "app", checkout / "flows", checkout / "runtime"]
    found = [Target(f"source{label}", [sys.executable, "-m", "app"], source_files,
                    {"PYTHONPATH": str(checkout), "PYTHONDONTWRITEBYTECODE": "1"}, checkout)]
    if exe.is_file():
        found.append(Target(f"bundle{label}", [str(exe)], [exe.parent], {}, checkout))
    return found


def drop_caches(target: Target, everything: bool = True) -> str:
    """Empty the page cache before a cold start (`everything`: the whole OS's, as root; else the app's own files,
    as a stick plugged into a running computer: its system libraries stay cached); say how."""
    subprocess.run(["sync"], check=False)
    try:
        if not everything:
            raise OSError
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return "drop_caches"
    except OSError:
        for folder in target.files:
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
        return "fadvise"


def one_start(target: Target, home: Path, host: dict, display: str, *, png: Path | None = None,
              trace: Path | None = None, cold: str = "") -> dict:
    """One start of the window on the login form, watched (`cold`: "all" or "stick", see drop_caches)."""
    if cold:
        drop_caches(target, everything=cold == "all")
    prefix = ["strace", "-f", "-qq", "-ttt", "-e", "trace=open,openat", "-o", str(trace)] if trace else None
    began_epoch, began = time.time(), time.perf_counter()
    process = target.popen(["run", "--home", str(home)], {**host, "DISPLAY": display}, prefix,
                           log=home.parent / f"{target.name}.log")
    try:
        seen = first_screen.watch(process, began, display, keep_png=png)
    finally:
        first_screen.close_window(process, display)
    figures = {k: getattr(seen, k) for k in ("window_s", "usable_s", "read_mb", "cpu_s", "python_mib", "client_mib",
                                             "tree_mib")}
    if trace is not None:
        figures["files"], figures["stick_files"] = first_screen.files_opened(trace, began_epoch, seen.usable_s,
                                                                             target.files)
    return figures


def prefect_alone(target: Target, home: Path, host: dict) -> float:
    """Memory of Prefect's server process tree alone, once it answers after a login (`serve`)."""
    app = target.start(["serve", "--home", str(home), "--port", "0"], host)
    try:
        (api,) = app.urls("API listening")
        wait_http(api + "/api/health")
        login(api)
        port = prefect_server(app.process.pid)
        time.sleep(2)
        rows = descendants(app.process.pid)
        top = [pid for pid, _, _, args in rows if "flows.prefect_server" in args and f"--port {port}" in args]
        return sum(row[2] for row in rows if top and row[0] in {p for p, *_ in descendants(top[0])}) / 1024
    finally:
        app.stop()


def measure(found: list[Target], home: Path, host: dict, display: str, rounds: int) -> dict[str, dict]:
    """Every figure of every target; the warm starts take turns, so a busy moment of the computer hits all alike."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    cold = {t.name: one_start(t, home, host, display, cold="all") for t in found}
    from_stick = {t.name: one_start(t, home, host, display, cold="stick") for t in found}
    warm: dict[str, list[dict]] = {t.name: [] for t in found}
    for i in range(rounds):
        for t in found:
            warm[t.name].append(one_start(t, home, host, display,
                                          png=RESULTS / f"startup-{t.name.replace(' ', '-')}.png" if i == 0 else None))
    result = {}
    for t in found:
        traced = one_start(t, home, host, display, trace=home.parent / f"{t.name}.strace")
        median = {key: statistics.median(w[key] for w in warm[t.name]) for key in warm[t.name][0]}
        figures: dict[str, Any] = {
            "window_cold_s": cold[t.name]["window_s"], "usable_cold_s": cold[t.name]["usable_s"],
            "read_all_mb": cold[t.name]["read_mb"], "read_mb": from_stick[t.name]["read_mb"],
            "usable_stick_cold_s": from_stick[t.name]["usable_s"], "window_warm_s": median["window_s"],
            "usable_warm_s": median["usable_s"], "cpu_warm_s": median["cpu_s"], "files": traced["files"],
            "stick_files": traced["stick_files"],
            "python_mib": median["python_mib"], "client_mib": median["client_mib"], "tree_mib": median["tree_mib"],
            "warm_runs": rounds}
        for name, (speed, per_file) in USB.items():
            figures[f"{name}_s"] = (median["usable_s"] + figures["read_mb"] * 1e6 / speed
                                    + figures["stick_files"] * per_file)
        try:  # on a copy of the demo stick, as its windows left it
            copy = home.parent / f"prefect-{t.name.replace(' ', '-')}"
            shutil.copytree(home, copy, ignore=shutil.ignore_patterns("stick.lock*"))
            figures["prefect_server_mib"] = prefect_alone(t, copy, host)
        except AssertionError as failed:  # the other figures still count
            figures["prefect_server_error"] = str(failed)[:300]
        if (exe := Path(t.command[0])).name.startswith("tattoo"):
            figures["bundle_mib"] = build_stick.folder_mib(exe.parent)
        result[t.name] = figures
    return result


def _xvfb() -> tuple[subprocess.Popen, str]:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        raise SystemExit("The startup benchmark needs Xvfb and xdotool (apt install xvfb xdotool).")
    number = next(n for n in range(150, 250) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    display = f":{number}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while subprocess.run(["xdotool", "getdisplaygeometry"], env={**os.environ, "DISPLAY": display},
                         capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise SystemExit(f"Xvfb did not start on {display}.")
        time.sleep(0.2)
    return server, display


def run(rounds: int = 3, baseline: Path | None = None) -> dict:
    """Measure this checkout (source, and its bundle when built) and `baseline`'s, in one temp demo studio."""
    # the baseline's source run only: a bundle left in another checkout is often older than that checkout's code
    found = (targets_in(baseline, " before")[:1] if baseline else []) + targets_in(REPO)
    result: dict[str, Any] = {"targets": {}, "goals": TARGETS, "usb": USB, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        home = folder / "stick"
        made = subprocess.run([sys.executable, "-m", "app", "demo", "--home", str(home), "--scale", "0.005"],
                              capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert made.returncode == 0, made.stderr
        (folder / "host-home").mkdir()
        (folder / "host-tmp").mkdir()
        host = host_env(folder / "host-home", folder / "host-tmp")
        server, display = _xvfb()
        try:
            result["targets"] = measure(found, home, host, display, rounds)
        finally:
            server.terminate()
            server.wait()
    result["load_after"] = os.getloadavg()
    return result


ROWS = (("window mapped, warm (s)", "window_warm_s", "{:.2f}", None),
        ("login form painted, warm (s)", "usable_warm_s", "{:.2f}", "usable_warm_s"),
        ("CPU s used by then, warm", "cpu_warm_s", "{:.2f}", None),
        ("window mapped, cold (s)", "window_cold_s", "{:.2f}", None),
        ("login form painted, cold (s)", "usable_cold_s", "{:.2f}", None),
        ("read before the form, all cold (MB)", "read_all_mb", "{:.0f}", None),
        ("  of it from the stick (MB)", "read_mb", "{:.0f}", "read_mb"),
        ("files opened before the form", "files", "{:.0f}", None),
        ("  of them on the stick", "stick_files", "{:.0f}", None),
        ("est. from a USB 2.0 stick (s)", "usb2_s", "{:.1f}", "usb2_s"),
        ("est. from a USB 3 stick (s)", "usb3_s", "{:.1f}", None),
        ("RSS Python, 3 s after (MiB)", "python_mib", "{:.0f}", None),
        ("RSS Flutter client (MiB)", "client_mib", "{:.0f}", None),
        ("RSS whole tree, no Prefect (MiB)", "tree_mib", "{:.0f}", "tree_mib"),
        ("RSS Prefect's server alone (MiB)", "prefect_server_mib", "{:.0f}", None),
        ("bundle size (MiB)", "bundle_mib", "{:.0f}", "bundle_mib"))


def print_table(result: dict) -> None:
    """Print figure / each target / the goal."""
    names = list(result["targets"])
    width = 34
    print(f"{'figure':<{width}}" + "".join(f"{n:>16}" for n in names) + f"{'target':>10}")
    for label, key, fmt, goal in ROWS:
        cells = [result["targets"][n].get(key) for n in names]
        goal_text = f"<= {TARGETS[goal]:g}" if goal else ""
        print(f"{label:<{width}}" + "".join(f"{fmt.format(c) if c is not None else '-':>16}" for c in cells)
              + f"{goal_text:>10}")
    print(PEERS)
    print("cold = the whole page cache dropped first; 'from the stick' = only the app's own files dropped (the stick: "
          "the bundle, or the checkout and its venv); estimates = warm seconds + bytes read from the stick / 30 (USB "
          "2.0) or 100 (USB 3) MB/s + files opened on the stick x 1 or 0.3 ms; load average before/after: "
          f"{result['load_before'][0]:.1f} / {result['load_after'][0]:.1f} (2 cores)")
