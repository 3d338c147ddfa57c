"""`python -m app backup export NAME --out DIR`: a ZIP a restore can use as it is; a missing folder is a sentence."""

from __future__ import annotations

import zipfile

from tests.conftest import run_cli
from tests.services.support_backup import point_names

PASSWORD = "first password"


def _as_ana(*args, home):
    return run_cli(*args, "--home", str(home), "--user", "ana", "--password-stdin", stdin=PASSWORD + "\n")


def _studio_with_a_backup(home) -> str:
    made = run_cli("init", "--home", str(home), "--studio", "Black Lotus", "--admin", "ana", "--password-stdin",
                   stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert _as_ana("backup", "now", home=home).returncode == 0
    return point_names(home / "data" / "backups")[0]


def test_export_writes_a_zip_that_restore_takes_once_unzipped(tmp_path):
    home, drive = tmp_path / "stick", tmp_path / "usb"
    drive.mkdir()
    name = _studio_with_a_backup(home)
    done = _as_ana("backup", "export", name, "--out", str(drive), home=home)
    assert done.returncode == 0, done.stderr
    zipped = drive / name.replace(".db", ".zip")
    assert done.stdout.startswith(f"exported {name} to {zipped} (") and done.stdout.count("\n") == 1
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(tmp_path / "unzipped")
    restored = _as_ana("restore", str(tmp_path / "unzipped" / name), home=home)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored {name}, taken at ")


def test_export_to_a_missing_folder_exits_1_with_a_sentence(tmp_path):
    home = tmp_path / "stick"
    name = _studio_with_a_backup(home)
    done = _as_ana("backup", "export", name, "--out", str(tmp_path / "gone"), home=home)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == (f"Error: The folder {tmp_path / 'gone'} does not exist (is the drive plugged in?). "
                                   "Choose an existing folder.")
