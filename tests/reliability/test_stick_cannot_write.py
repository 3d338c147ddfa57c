"""Every command on a full or read-only stick prints one sentence and exits 1, never a traceback."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import ADMIN, ADMIN_PASSWORD, REPO, run_cli
from tests.reliability.test_full_stick import create_studio

FULL = "Error: The stick is full: free space on it"
SAME_ADVICE = ("so the studio cannot save anything.\n"
               "Slide the stick's lock switch off, or copy the whole folder to this computer")
READ_ONLY = "Error: This stick is read-only, " + SAME_ADVICE.replace("\n", " ")


def _run(root, *args):
    return run_cli(*args, "--home", str(root), stdin=f"{ADMIN_PASSWORD}\nnew password here\n", timeout=120)


def _assert_sentence(result, start: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith(start), result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "Errno" not in result.stderr


def test_every_command_on_a_full_stick_says_so_in_a_sentence(tiny):
    create_studio(tiny.root)
    tiny.fill()
    for args in (("check", "--user", ADMIN, "--password-stdin"), ("serve", "--port", "0"),
                 ("backup", "now", "--user", ADMIN, "--password-stdin"),
                 ("passwd", "--user", ADMIN, "--password-stdin")):
        _assert_sentence(_run(tiny.root, *args), FULL)
    tiny.free()
    after = _run(tiny.root, "check", "--user", ADMIN, "--password-stdin")
    assert (after.returncode, after.stdout.strip()) == (0, "ok"), after.stderr


def test_a_backup_without_room_says_so_and_leaves_no_partial_copy(tiny):
    create_studio(tiny.root)
    tiny.fill(leave=96 * 1024)  # room for the lock note and the log, not for a copy of the database
    result = _run(tiny.root, "backup", "now", "--user", ADMIN, "--password-stdin")
    _assert_sentence(result, "Error: The backup was not taken: the stick has 0.1 MB free and a backup needs")
    backups = tiny.root / "data" / "backups"
    assert [p.name for p in backups.iterdir() if not p.name.endswith(".keyslots.json")] == ["refused.json"]
    tiny.free()
    listed = _run(tiny.root, "backup", "list", "--user", ADMIN, "--password-stdin")
    assert listed.returncode == 0, listed.stderr
    check = _run(tiny.root, "check", "--user", ADMIN, "--password-stdin")
    assert check.stdout.strip() == "ok", check.stderr


def test_every_command_on_a_read_only_stick_says_how_to_go_on(tiny):
    create_studio(tiny.root)
    tiny.remount("ro")
    try:
        for args in (("check", "--user", ADMIN, "--password-stdin"), ("serve", "--port", "0"),
                     ("backup", "list", "--user", ADMIN, "--password-stdin")):
            _assert_sentence(_run(tiny.root, *args), READ_ONLY)
    finally:
        tiny.remount("rw")


def test_the_launcher_on_a_read_only_stick_gives_the_same_advice_as_the_app(tiny):
    tiny.root.mkdir()
    shutil.copy2(REPO / "launch.sh", tiny.root / "launch.sh")
    tiny.remount("ro")
    try:
        done = subprocess.run(["bash", str(tiny.root / "launch.sh"), "check"], capture_output=True, text=True,
                              timeout=60)
    finally:
        tiny.remount("rw")
    assert done.returncode == 1
    assert "This stick is read-only" in done.stderr and SAME_ADVICE in done.stderr, done.stderr
