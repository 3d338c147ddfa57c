"""A lost stick: yesterday's studio comes back from the mirror drive with the recovery key."""

from __future__ import annotations

import re

from app.services.backups.manifest import Manifest
from app.services.backups.mirror import FOLDER
from tests.conftest import run_cli
from tests.services.support_backup import flip_bit, packs_of

CODE = re.compile(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})\b")
PASSWORD = "first password"


def _studio_with_a_mirrored_backup(tmp_path):
    old, drive = tmp_path / "old-stick", tmp_path / "second-drive"
    drive.mkdir()
    made = run_cli("init", "--home", str(old), "--studio", "Black Lotus", "--admin", "ana", "--password-stdin",
                   stdin=PASSWORD + "\n")
    code = CODE.search(made.stdout).group(1)
    login = ["--home", str(old), "--user", "ana", "--password-stdin"]
    assert run_cli("backup", "mirror", "--init", str(drive), *login, stdin=PASSWORD + "\n").returncode == 0
    assert run_cli("backup", "now", *login, stdin=PASSWORD + "\n").returncode == 0
    assert run_cli("backup", "mirror", *login, stdin=PASSWORD + "\n").returncode == 0
    return drive, code


def test_a_new_stick_is_rebuilt_from_the_mirror_and_opens_with_the_old_password(tmp_path):
    drive, code = _studio_with_a_mirrored_backup(tmp_path)
    new = tmp_path / "new-stick"
    rebuilt = run_cli("rebuild", "--home", str(new), "--mirror", str(drive), "--password-stdin", stdin=code + "\n")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Rebuilt" in rebuilt.stdout
    check = run_cli("check", "--home", str(new), "--user", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    assert check.stdout.strip() == "ok", check.stderr


def test_a_wrong_recovery_key_rebuilds_nothing(tmp_path):
    drive, _ = _studio_with_a_mirrored_backup(tmp_path)
    new = tmp_path / "new-stick"
    wrong = run_cli("rebuild", "--home", str(new), "--mirror", str(drive), "--password-stdin",
                    stdin="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n")
    assert wrong.returncode == 1 and "recovery code is not right" in wrong.stderr
    assert not (new / "data" / "studio.db").exists() and not (new / "data" / "keyslots.json").exists()


def test_a_damaged_mirror_copy_is_skipped_and_said(tmp_path):
    drive, code = _studio_with_a_mirrored_backup(tmp_path)
    folder = drive / FOLDER
    name = Manifest(folder).lines()[-1]["name"]
    [pack] = packs_of(folder)
    flip_bit(pack)  # a page of the point, in the one pack the drive holds
    new = tmp_path / "new-stick"
    result = run_cli("rebuild", "--home", str(new), "--mirror", str(drive), "--password-stdin", stdin=code + "\n")
    assert result.returncode == 1 and "No usable backup" in result.stderr
    assert f"{name}: The restore point {name} will not be rebuilt: page " in result.stderr
    assert f"in pack {pack.name[:12]} is damaged" in result.stderr
    assert not (new / "data" / "studio.db").exists()


def test_rebuilding_onto_a_stick_that_has_a_studio_is_refused(tmp_path):
    drive, code = _studio_with_a_mirrored_backup(tmp_path)
    result = run_cli("rebuild", "--home", str(tmp_path / "old-stick"), "--mirror", str(drive), "--password-stdin",
                     stdin=code + "\n")
    assert result.returncode == 1 and "already exists" in result.stderr
