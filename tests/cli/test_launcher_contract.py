"""launch.sh's contract with a bundle (a stand-in script that echoes what it was given): no arguments run
the stick, --demo runs a demo made once in demo/, anything else goes to the app with the stick as home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tools.build_stick import platform_tag

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="launch.sh is for Linux and macOS")

FAKE_APP = """#!/bin/sh
echo "app: $* | home: $TATTOO_HOME"
if [ "$1" = demo ]; then mkdir -p "$3/data" && touch "$3/data/keyslots.json"; fi
"""


@pytest.fixture
def stick(tmp_path):
    """A stick folder with launch.sh and a stand-in bundle for this computer, at a path with a space."""
    root = tmp_path / "mnt" / "My Stick"
    exe = root / "bundle" / platform_tag() / "tattoo" / "tattoo"
    exe.parent.mkdir(parents=True)
    exe.write_text(FAKE_APP)
    exe.chmod(0o755)
    shutil.copy2(REPO / "launch.sh", root / "launch.sh")
    return root


def _launch(stick, *args, path: str | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
    if path:
        env["PATH"] = f"{path}{os.pathsep}{env['PATH']}"
    return subprocess.run([str(stick / "launch.sh"), *args], capture_output=True, text=True, env=env, cwd="/",
                          timeout=60)


def test_no_arguments_opens_this_stick(stick):
    done = _launch(stick)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"app: run --home {stick} | home: {stick}"


def test_other_arguments_go_to_the_app_with_the_stick_as_home(stick):
    done = _launch(stick, "serve", "--port", "8000")
    assert done.stdout.strip() == f"app: serve --port 8000 | home: {stick}"


def test_demo_is_created_once_in_its_own_folder_then_opened(stick):
    first = _launch(stick, "--demo", "--web")
    assert "Creating the demo studio" in first.stderr
    assert first.stdout.splitlines() == [f"app: demo --home {stick}/demo --scale 1.0 | home: {stick}",
                                         f"app: run --home {stick}/demo --web | home: {stick}"]
    again = _launch(stick, "--demo")
    assert again.stdout.strip() == f"app: run --home {stick}/demo | home: {stick}"


def test_a_bundle_that_lost_its_run_permission_gets_it_back(stick):
    exe = stick / "bundle" / platform_tag() / "tattoo" / "tattoo"
    exe.chmod(0o644)
    done = _launch(stick, "check")
    assert done.returncode == 0, done.stderr
    assert "lost its permission to run" in done.stderr and done.stdout.startswith("app: check")


def test_the_window_client_that_lost_its_run_permission_gets_it_back_too(stick):
    client = stick / "bundle" / platform_tag() / "tattoo" / "_internal" / "runtime" / "flet-client-0.82.2-x" / "flet"
    client.mkdir(parents=True)
    (client / "flet").write_text("#!/bin/sh\n")
    (client / "flet").chmod(0o644)
    done = _launch(stick, "check")
    assert done.returncode == 0, done.stderr
    assert "lost its permission to run" in done.stderr and os.access(client / "flet", os.X_OK)


def test_a_stick_mounted_without_run_permission_says_what_to_do(stick, tmp_path):
    """FAT32/exFAT keep no permissions, so where the computer mounted the stick without them (Linux's showexec)
    chmod cannot give them back: the launcher says so and how to go on, instead of a bare 'Permission denied'."""
    (stick / "bundle" / platform_tag() / "tattoo" / "tattoo").chmod(0o644)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "chmod").write_text("#!/bin/sh\necho 'chmod: Operation not permitted' >&2\nexit 1\n")
    (fake / "chmod").chmod(0o755)
    done = _launch(stick, "check", path=str(fake))
    assert done.returncode == 1 and done.stdout == ""
    assert "without permission to run programs" in done.stderr and "run launch.sh from the copy" in done.stderr
    assert "Operation not permitted" not in done.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_read_only_stick_says_so_and_suggests_a_copy(stick):
    stick.chmod(0o555)
    try:
        done = _launch(stick)
    finally:
        stick.chmod(0o755)
    assert done.returncode == 1
    assert "read-only" in done.stderr and "copy the whole folder" in done.stderr


def test_the_launcher_speaks_the_language_last_used_on_the_stick(stick, tmp_path, monkeypatch):
    """Before the app runs, launch.sh says what it must in the stick's language (data/language.txt, which the app
    keeps), which wins over the computer's."""
    (stick / "data").mkdir()
    (stick / "data" / "language.txt").write_text("de")
    (stick / "bundle" / platform_tag() / "tattoo" / "tattoo").chmod(0o644)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "chmod").write_text("#!/bin/sh\nexit 1\n")
    (fake / "chmod").chmod(0o755)
    monkeypatch.setenv("LANGUAGE", "fr")
    done = _launch(stick, "check", path=str(fake))
    assert done.returncode == 1 and done.stdout == ""
    assert f"Die App in bundle/{platform_tag()} hatte ihre Ausführungsberechtigung verloren" in done.stderr
    assert f"Kopiere den ganzen Ordner ({stick}) auf diesen Computer und starte launch.sh aus der Kopie" in done.stderr
    assert "permission" not in done.stderr and "copy" not in done.stderr


def test_without_a_language_on_the_stick_the_launcher_speaks_the_computers(tmp_path):
    shutil.copy2(REPO / "launch.sh", tmp_path / "launch.sh")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TATTOO_", "LC_", "LANG"))}
    said = subprocess.run([str(tmp_path / "launch.sh")], capture_output=True, text=True, cwd="/", timeout=60,
                          env={**env, "LANGUAGE": "nl:fr", "LANG": "de_DE.UTF-8"})
    assert said.returncode == 1
    assert said.stderr == (f"Cette clé n'a pas d'application pour cet ordinateur ({platform_tag()}). Elle contient : "
                           f"rien.\nCréez-en une sur un ordinateur {platform_tag()} avec : python -m tools.build_stick "
                           "--out <stick>\n")
    english = subprocess.run([str(tmp_path / "launch.sh")], capture_output=True, text=True, cwd="/", timeout=60,
                             env={**env, "LANG": "C.UTF-8"})
    assert english.stderr.startswith(f"This stick has no app for this computer ({platform_tag()}). "
                                     "It carries: nothing.")


def test_safe_mode_opens_this_stick_with_no_plugin_loaded(stick):
    done = _launch(stick, "--safe-mode")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"app: run --home {stick} --safe-mode | home: {stick}"
