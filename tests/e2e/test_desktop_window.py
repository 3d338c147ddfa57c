"""A real desktop window: under Xvfb, `run` opens the 0.82.2 client unpacked on the stick, on the login screen; and,
watched by strace through a log-in and every screen, the app and its window connect to nothing off this computer."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tools.stick_process import App

pytestmark = pytest.mark.e2e
NEEDED = ("Xvfb", "xdotool")


def _missing() -> list[str]:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    gtk = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing += [lib for lib in ("libgtk-3.so.0", "libepoxy.so.0", "libmpv.so.2") if lib not in gtk]
    return missing


def _free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number between :90 and :199")


@pytest.fixture
def display(tmp_path):
    """A virtual screen, answering before the test starts (a display number picked free by hand: Xvfb's
    -displayfd failed under the full suite with 'Cannot write display number to fd')."""
    missing = _missing()
    if missing:
        pytest.skip(f"this machine lacks {', '.join(missing)} (.ci/run installs xvfb, xdotool and the GTK libraries)")
    name = f":{_free_display()}"
    log = (tmp_path / "xvfb.log").open("w")
    xvfb = subprocess.Popen(["Xvfb", name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 30
    while subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True,
                         env={**os.environ, "DISPLAY": name}).returncode != 0:
        if xvfb.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb did not start on {name}: {(tmp_path / 'xvfb.log').read_text()[-1000:]}")
        time.sleep(0.2)
    yield name
    xvfb.terminate()
    xvfb.wait(timeout=10)
    log.close()


def _window(display: str, seconds: float = 90) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = subprocess.run(["xdotool", "search", "--name", "Tattoo studio"], capture_output=True, text=True,
                               env={**os.environ, "DISPLAY": display})
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.5)
    return None


def test_run_opens_the_login_window_from_the_stick_and_leaves_home_untouched(display, demo_home, tmp_path):
    from PIL import ImageGrab

    home = tmp_path / "host-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "FLET_", "XDG_"))}
    env.update({"PYTHONPATH": str(REPO), "DISPLAY": display, "HOME": str(home)})
    with App([sys.executable, "-m", "app", "run", "--home", str(demo_home)], env, cwd=tmp_path) as app:
        window = _window(display)
        if not window:
            app.stop(signal.SIGKILL, timeout=10, strict=False)
            raise AssertionError(f"no window titled 'Tattoo studio' appeared; app said: {''.join(app.stderr)[-3000:]}")
        time.sleep(4)  # the first frame of the login screen
        shot = ImageGrab.grab(xdisplay=display)
        shot.save(tmp_path / "desktop-login.png")
        assert len(shot.getcolors(1 << 16) or []) > 20, "the window is blank"
        subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display})
        code = app.wait(timeout=30)
    err = "".join(app.stderr)
    assert code == 0, err[-2000:]
    assert "Stopped." in err
    assert list(home.iterdir()) == [], "the desktop client wrote into the host's home folder"
    client = next((REPO / "runtime").glob("flet-client-0.82.2-linux-*/flet/flet"))
    assert os.access(client, os.X_OK)


# Every address a traced process gave connect/sendto/sendmsg: its family and, for IP, the quoted address.
SOCKADDR = re.compile(r'sa_family=(AF_\w+)(?:[^}]*?(?:inet_addr\(|inet_pton\(AF_INET6, )"([^"]+)")?')
LOCAL_FAMILIES = {"AF_UNIX", "AF_NETLINK", "AF_UNSPEC"}  # a file socket, the kernel's own, a UDP disconnect
SCREENS = 6  # the navigation rail's entries for an admin: Dashboard, Calendar, Clients, Register, Backups, Admin


def off_this_computer(trace: str) -> list[str]:
    """The addresses in an strace log that are neither loopback nor a local socket family."""
    off = []
    for family, address in SOCKADDR.findall(trace):
        if family in LOCAL_FAMILIES:
            continue
        ip = ipaddress.ip_address(address) if family in ("AF_INET", "AF_INET6") and address else None
        mapped = getattr(ip, "ipv4_mapped", None)
        if ip is None or not (ip.is_loopback or (mapped is not None and mapped.is_loopback)):
            off.append(f"{family} {address}".strip())
    return off


def test_the_trace_reader_tells_loopback_from_the_world():
    """What strace 6 prints for the cases that matter (one line each), read the way the test below reads them."""
    trace = "\n".join([
        '1 connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1',
        '1 connect(5, {sa_family=AF_INET, sin_port=htons(8550), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '2 connect(6, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
        '3 sendto(7, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 1',
        '4 connect(8, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
        '5 sendto(9, "x", 1, 0, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL)}, 20) = 1',
        '6 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '7 sendto(4, "x", 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20',
    ])
    assert off_this_computer(trace) == ["AF_INET 93.184.216.34", "AF_INET6 2001:4860:4860::8888", "AF_PACKET"]


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-qq", "-e", "trace=none", "true"], capture_output=True).returncode == 0


def _xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=30)


def test_the_desktop_window_connects_to_nothing_off_this_computer(display, demo_home, tmp_path):
    if not _strace_works():
        pytest.skip("strace is missing or may not trace here (.ci/run installs strace; a container needs ptrace).")
    trace, home = tmp_path / "network.trace", tmp_path / "host-home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "FLET_", "XDG_"))}
    env.update({"PYTHONPATH": str(REPO), "DISPLAY": display, "HOME": str(home)})
    # setsid: the app, its window and strace share one process group, killed by its id if the test stops early
    command = ["setsid", "strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=execve,connect,sendto,sendmsg,sendmmsg",
               "-e", "signal=none", "-o", str(trace), sys.executable, "-m", "app", "run", "--home", str(demo_home)]
    app_log = demo_home / "data" / "logs" / "app.log"
    logged_before = app_log.stat().st_size if app_log.exists() else 0
    with App(command, env, cwd=tmp_path) as app:
        try:
            window = _window(display)
            assert window, f"no window titled 'Tattoo studio' appeared; app said: {''.join(app.stderr)[-3000:]}"
            time.sleep(6)  # the login screen's first frame; its Username field has the focus
            _xdotool(display, "type", "--delay", "60", "admin")
            _xdotool(display, "key", "Tab")
            _xdotool(display, "type", "--delay", "60", "demo-admin")
            _xdotool(display, "key", "Return")
            time.sleep(8)
            for entry in range(1, SCREENS):  # every other screen, by its place on the rail (window-relative)
                _xdotool(display, "mousemove", "--window", window, "48", str(100 + 64 * (entry - 1)), "click", "1")
                time.sleep(4)
            _xdotool(display, "windowclose", window)
            code = app.wait(timeout=60)
        finally:
            if app.process.poll() is None:
                os.killpg(app.process.pid, signal.SIGKILL)
    assert code == 0, "".join(app.stderr)[-2000:]
    with app_log.open(encoding="utf-8") as log:  # this run's lines: each API call the window made
        log.seek(logged_before)
        api_calls = log.read()
    assert re.search(r'POST http://127\.0\.0\.1:\d+/api/auth/login "HTTP/1\.1 200', api_calls), "the log-in failed"
    for screen_call in ("/api/clients", "/api/register/", "/api/backups", "/api/users"):  # each screen was opened
        assert re.search(rf"GET http://127\.0\.0\.1:\d+{re.escape(screen_call)}", api_calls), screen_call
    traced = trace.read_text("utf-8")
    window_started = [line for line in traced.splitlines() if "execve(" in line and "/flet/flet" in line]
    assert window_started and "tcp://127.0.0.1:" in window_started[0], window_started  # no name for it to look up
    assert 'inet_addr("127.0.0.1")' in traced, "strace saw no loopback connection, so it did not watch the app"
    assert off_this_computer(traced) == []
