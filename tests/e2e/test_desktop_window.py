"""A real desktop window: under Xvfb, `run` opens the 0.82.2 client unpacked on the stick, on the login screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e
NEEDED = ("Xvfb", "xdotool")


def _missing() -> list[str]:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    gtk = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing += [lib for lib in ("libgtk-3.so.0", "libepoxy.so.0", "libmpv.so.2") if lib not in gtk]
    return missing


@pytest.fixture
def display():
    missing = _missing()
    if missing:
        pytest.skip(f"this machine lacks {', '.join(missing)} (.ci/run installs xvfb, xdotool and the GTK libraries)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = os.read(read, 16).decode().strip()
    os.close(read)
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(timeout=10)


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
    app = subprocess.Popen([sys.executable, "-m", "app", "run", "--home", str(demo_home)], cwd=tmp_path, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window = _window(display)
        if not window:
            app.kill()
            raise AssertionError(f"no window titled 'Tattoo studio' appeared; app said: {app.communicate()[1][-3000:]}")
        time.sleep(4)  # the first frame of the login screen
        shot = ImageGrab.grab(xdisplay=display)
        shot.save(tmp_path / "desktop-login.png")
        assert len(shot.getcolors(1 << 16) or []) > 20, "the window is blank"
        subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display})
        _out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err[-2000:]
    assert "Stopped." in err
    assert list(home.iterdir()) == [], "the desktop client wrote into the host's home folder"
    client = next((REPO / "runtime").glob("flet-client-0.82.2-linux-*/flet/flet"))
    assert os.access(client, os.X_OK)
