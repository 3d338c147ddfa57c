"""The release ZIP unzipped onto a freshly formatted FAT32 or exFAT stick: unzip prints nothing, and the studio
day works from it (demo, the desktop window, web mode, login, a payment, a backup and a restore, a kill -9 in a
burst of payments losing nothing acknowledged) with the host's HOME and TMPDIR left empty.

On FAT32 the demo and the desktop window are run; the rest of the day runs on exFAT only. The one FAT32 driver
this machine has is fusefat (no kernel vfat module): single-threaded, it hung the app's web mode in a FUSE request
for over 10 minutes, and with two SQLite connections open on one file it fails commits with "disk I/O error"
(a plain sqlite3 script shows it). The app's own FAT32 concerns (folders, atomic replace, the 4 GiB limit, the
window's channel) are covered on it by test_fat_files.py and test_window_on_fat.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.e2e.test_desktop_window import _window, display  # noqa: F401 - the Xvfb fixture, shared
from tests.stick_fs.support_volumes import KINDS, missing, mounted
from tools.stick_process import App, call, descendants, login, wait_http

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="FUSE volumes of the Linux bundle")]


def _unzip(archive, folder) -> None:
    done = subprocess.run(["unzip", "-q", str(archive), "-d", str(folder)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stdout[-2000:] + done.stderr[-2000:]


@pytest.fixture(scope="module", params=KINDS)
def fat_stick(request, built_stick, tmp_path_factory):
    """The ZIP unzipped onto a fresh volume: with `unzip` itself on exFAT; on FAT32 unzipped beside it (checked
    silent) and put on the image with mcopy, as fusefat writes a 420 MiB bundle at well under 1 MB/s."""
    why = missing(request.param, fill=True)
    if why:
        pytest.skip(why)
    work = tmp_path_factory.mktemp(f"on-{request.param}")
    archive = built_stick.with_name("stick.zip")
    if request.param == "exfat":
        with mounted("exfat", work, size_mib=1536) as mount:
            _unzip(archive, mount)
            yield request.param, mount / "stick"
    else:
        _unzip(archive, work / "staged")
        with mounted("fat32", work, size_mib=1536, fill=work / "staged" / "stick") as mount:
            yield request.param, mount / "stick"


FAT_FORBIDDEN = set('<>:"\\|?*') | {chr(c) for c in range(32)}


def fat_unsafe_names(root) -> list[str]:
    """Paths below `root` whose names FAT32/exFAT cannot hold, or that differ from a sibling only in case."""
    bad, seen = [], {}
    for path in sorted(root.rglob("*")):
        name = path.name
        if FAT_FORBIDDEN & set(name) or name.endswith((".", " ")):
            bad.append(str(path.relative_to(root)))
        key = str(path.relative_to(root)).casefold()
        if key in seen:
            bad.append(f"{path.relative_to(root)} (same as {seen[key]} but for case)")
        seen[key] = path.relative_to(root)
    return bad


def _kill_all(pid: int) -> None:
    for child, *_ in reversed(descendants(pid)):
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _serve(stick, env) -> tuple[App, str]:
    app = App([str(stick / "launch.sh"), "serve", "--port", "0"], env)
    (api,) = app.urls("API listening", timeout=300)
    wait_http(api + "/api/health", timeout=300)
    return app, api


def _pay(api: str, token: str, cents: int) -> tuple[int, object]:
    return call(api, "POST", "/api/payments", {"amount_minor": cents, "method": "cash", "kind": "payment",
                                                "note": f"fat test {cents}"}, token=token)


def _demo(stick, env) -> None:
    if (stick / "data" / "keyslots.json").exists():
        return
    made = subprocess.run([str(stick / "launch.sh"), "demo", "--scale", "0.01"], env=env, cwd="/",
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr[-3000:]


def test_the_desktop_window_opens_from_the_unzipped_stick(fat_stick, empty_host, display, tmp_path):  # noqa: F811
    from PIL import ImageGrab

    kind, stick = fat_stick
    _demo(stick, empty_host)

    window_env = {**empty_host, "DISPLAY": display}
    app = subprocess.Popen([str(stick / "launch.sh"), "run"], env=window_env, cwd="/", stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        window = _window(display, seconds=180)
        assert window, f"no window on {kind}: {app.stderr.read()[-3000:] if app.poll() is not None else ''}"
        time.sleep(5)
        shot = ImageGrab.grab(xdisplay=display)
        shot.save(tmp_path / f"bundle-login-{kind}.png")
        assert len(shot.getcolors(1 << 16) or []) > 20, "the window is blank"
        subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display})
        _out, err = app.communicate(timeout=120)
    finally:
        if app.poll() is None:
            _kill_all(app.pid)
            app.wait()
    assert app.returncode == 0, err[-2000:]
    assert not [p for p in stick.rglob("*") if p.is_symlink() or p.is_socket() or p.is_fifo()]


def test_a_studio_day_on_the_unzipped_stick(fat_stick, empty_host):
    kind, stick = fat_stick
    if kind == "fat32":
        pytest.skip("fusefat, this machine's only FAT32 driver, hangs and fails SQLite commits (see the module's note)")
    _demo(stick, empty_host)
    web = App([str(stick / "launch.sh"), "run", "--web", "--port", "0"], empty_host)
    try:
        page, api = web.urls("Studio app on", timeout=300)
        wait_http(page, timeout=300)
        wait_http(page + "/canvaskit/canvaskit.wasm")
    finally:
        web.stop(signal.SIGINT, timeout=120)

    served, api = _serve(stick, empty_host)
    try:
        token = login(api)
        status, paid = _pay(api, token, 1234)
        assert status == 201, paid
        status, backup = call(api, "POST", "/api/backups", token=token)
        assert status == 201 and backup["state"] == "verified", backup
        status, later = _pay(api, token, 4321)
        assert status == 201, later
        status, restored = call(api, "POST", f"/api/backups/{backup['name']}/restore", token=token)
        assert status == 200, restored
        token = login(api)
        status, listed = call(api, "GET", "/api/payments?day=today", token=token)
        ids = {p["id"] for p in listed}
        assert paid["id"] in ids and later["id"] not in ids, "the restore put back the day as it was at the backup"
    finally:
        assert served.stop(timeout=120) == 0, "".join(served.stderr)[-2000:]

    served, api = _serve(stick, empty_host)
    acknowledged: list[str] = []
    token = login(api)

    def burst() -> None:
        for cents in range(100, 10_000):
            try:
                status, made = _pay(api, token, cents)
            except OSError:
                return  # the app was killed mid-request: that payment was never acknowledged
            if status != 201:
                return
            acknowledged.append(made["id"])

    writer = threading.Thread(target=burst, daemon=True)
    writer.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    _kill_all(served.process.pid)
    served.process.wait()
    writer.join(timeout=60)
    assert len(acknowledged) >= 20, "".join(served.stderr)[-2000:]

    served, api = _serve(stick, empty_host)
    try:
        token = login(api)
        status, listed = call(api, "GET", "/api/payments?day=today", token=token)
        assert status == 200, listed
        assert set(acknowledged) <= {p["id"] for p in listed}, "a payment the app acknowledged was lost"
    finally:
        assert served.stop(timeout=120) == 0, "".join(served.stderr)[-2000:]
    assert not [p for p in stick.rglob("*") if p.is_symlink() or p.is_socket() or p.is_fifo()]
    assert fat_unsafe_names(stick / "data") == [] and fat_unsafe_names(stick / "demo") == []
