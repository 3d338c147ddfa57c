"""The desktop window opens with the studio's data on a FAT32 or exFAT stick: Flet's channel to its client is a
loopback TCP port, not a Unix-domain socket under the stick's data/tmp (FAT cannot hold a socket file)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO, run_cli
from tests.e2e.test_desktop_window import _window, display  # noqa: F401 - the Xvfb fixture, shared
from tests.stick_fs.support_volumes import KINDS, missing, mounted

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo_stick(tmp_path_factory):
    """A small demo studio made on the host disk, to be copied onto each volume."""
    home = tmp_path_factory.mktemp("fat-demo") / "stick"
    made = run_cli("demo", "--home", str(home), "--scale", "0.01")
    assert made.returncode == 0, made.stderr
    return home


@pytest.mark.parametrize("kind", KINDS)
def test_the_window_opens_on_the_login_screen_with_the_studio_on_fat(kind, display, demo_stick, tmp_path):  # noqa: F811
    from PIL import ImageGrab

    why = missing(kind, fill=True)
    if why:
        pytest.skip(why)
    home, host_tmp = tmp_path / "host-home", tmp_path / "host-tmp"
    home.mkdir()
    host_tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "FLET_", "XDG_"))}
    env.update({"PYTHONPATH": str(REPO), "DISPLAY": display, "HOME": str(home), "TMPDIR": str(host_tmp)})
    with mounted(kind, tmp_path, size_mib=256, fill=demo_stick) as mount:
        stick = mount / "stick"
        app = subprocess.Popen([sys.executable, "-m", "app", "run", "--home", str(stick)], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            window = _window(display)
            if not window:
                app.kill()
                raise AssertionError(f"no window appeared on {kind}; the app said: {app.communicate()[1][-3000:]}")
            time.sleep(4)  # the first frame of the login screen
            shot = ImageGrab.grab(xdisplay=display)
            shot.save(tmp_path / f"desktop-login-{kind}.png")
            assert len(shot.getcolors(1 << 16) or []) > 20, "the window is blank"
            subprocess.run(["xdotool", "windowclose", window], env={**os.environ, "DISPLAY": display})
            _out, err = app.communicate(timeout=60)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
        assert app.returncode == 0, err[-2000:]
        left = [p for p in (stick / "data" / "tmp").rglob("*") if not p.is_dir()]
        assert not [p for p in left if p.is_socket() or p.stat().st_size == 0 and "flet" not in p.name], left
    assert list(home.iterdir()) == [] and list(host_tmp.iterdir()) == [], "the app wrote on the host"
