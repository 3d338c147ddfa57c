"""A real desktop window: under Xvfb, `run` opens the 0.82.2 client unpacked on the stick, on the login screen."""

from __future__ import annotations

import os
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
