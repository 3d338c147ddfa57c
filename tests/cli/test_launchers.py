"""launch.sh finds its stick from its own location, wherever the stick is mounted."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

from tests.conftest import REPO


def _copy_checkout(dest):
    files = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    (dest / ".venv").symlink_to(REPO / ".venv")  # reuse the dev venv; launch.sh tops it up if needed
    return dest


def _launch(stick, *args, stdin=""):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_") and k != "PYTHONPATH"}
    return subprocess.run([str(stick / "launch.sh"), *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd="/", timeout=300)


def test_launch_from_a_copy_elsewhere_uses_that_copy_as_home(tmp_path):
    stick = _copy_checkout(tmp_path / "mounted" / "STICK")
    helped = _launch(stick, "--help")
    assert helped.returncode == 0, helped.stderr
    assert "--demo" in helped.stdout and "init" in helped.stdout
    made = _launch(stick, "init", "--studio", "Moved Ink", "--admin", "ana", "--password-stdin",
                   stdin="long password\n")
    assert made.returncode == 0, made.stderr
    assert (stick / "data" / "keyslots.json").is_file()
    checked = _launch(stick, "check", "--user", "ana", "--password-stdin", stdin="long password\n")
    assert checked.stdout.strip() == "ok", checked.stderr


def test_launch_without_an_app_for_this_computer_says_so(tmp_path):
    shutil.copy2(REPO / "launch.sh", tmp_path / "launch.sh")
    result = _launch(tmp_path)
    assert result.returncode == 1
    assert "This stick has no app for this computer" in result.stderr


def test_windows_launcher_has_dos_line_endings():
    assert b"\r\n" in (REPO / "launch.bat").read_bytes()
    assert b"\n" not in (REPO / "launch.bat").read_bytes().replace(b"\r\n", b"")


def test_launch_demo_creates_the_demo_once_and_serves_it(tmp_path):
    import json
    import re
    import urllib.request

    stick = _copy_checkout(tmp_path / "STICK")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TATTOO_") and k not in ("PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY")}
    env["TATTOO_DEMO_SCALE"] = "0.005"
    child = subprocess.Popen([str(stick / "launch.sh"), "--demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, cwd="/")
    try:
        line = ""
        while "Studio app on" not in line:  # no display here: the app says so and serves web mode
            line = child.stdout.readline()
            assert line, child.stderr.read()
        page_url, api_url = re.findall(r"http://127\.0\.0\.1:\d+", line)
        with urllib.request.urlopen(api_url + "/api/health", timeout=10) as answer:
            assert json.loads(answer.read())["studio"] is True
        for _ in range(300):  # the web page answers once Flet's server is up, a moment after the announcement
            try:
                with urllib.request.urlopen(page_url, timeout=10) as page:
                    assert page.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"web mode never answered at {page_url}")
    finally:
        child.terminate()
        child.wait(timeout=20)
    assert (stick / "demo" / "data" / "keyslots.json").is_file()
    assert not (stick / "data" / "keyslots.json").exists(), "the demo lives in demo/, not in the stick's own data"
