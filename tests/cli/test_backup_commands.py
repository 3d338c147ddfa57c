"""`python -m app backup now|list|verify|mirror` and `restore BACKUP`: one line per item, exit codes."""

from __future__ import annotations

from tests.conftest import run_cli
from tests.services.support_backup import flip_bit, point_names, point_of

PASSWORD = "first password"


def _init(home):
    made = run_cli("init", "--home", str(home), "--studio", "Black Lotus", "--admin", "ana",
                   "--password-stdin", stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr


def _as_ana(*args, home, stdin=PASSWORD + "\n"):
    return run_cli(*args, "--home", str(home), "--user", "ana", "--password-stdin", stdin=stdin)




def test_backup_now_list_and_verify_print_one_line_each(tmp_path):
    _init(tmp_path)
    first = _as_ana("backup", "now", home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("verified studio-") and first.stdout.count("\n") == 1
    listed = _as_ana("backup", "list", home=tmp_path)
    assert listed.returncode == 0 and listed.stdout.count("\n") == 1
    verified = _as_ana("backup", "verify", home=tmp_path)
    assert verified.returncode == 0 and verified.stdout.startswith("verified ")


def test_verify_fails_on_a_flipped_bit_and_restore_refuses_that_backup(tmp_path):
    _init(tmp_path)
    _as_ana("backup", "now", home=tmp_path)
    backup = tmp_path / "data" / "backups" / point_names(tmp_path / "data" / "backups")[0]
    flip_bit(point_of(backup.parent, backup.name))
    verified = _as_ana("backup", "verify", home=tmp_path)
    assert verified.returncode == 1 and verified.stdout.startswith("bad ") and "checksum" in verified.stdout
    restored = _as_ana("restore", backup.name, home=tmp_path)
    assert restored.returncode == 1 and "will not be restored" in restored.stderr


def test_restore_puts_the_backup_back_and_reports_counts(tmp_path):
    _init(tmp_path)
    _as_ana("backup", "now", home=tmp_path)
    backup = tmp_path / "data" / "backups" / point_names(tmp_path / "data" / "backups")[0]
    restored = _as_ana("restore", backup.name, home=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored {backup.name}") and "users: 1" in restored.stdout
    assert "kept as the restore point before-restore-" in restored.stdout  # a point in the store, not a file
    check = _as_ana("check", home=tmp_path)
    assert check.stdout.strip() == "ok"


def test_mirror_init_then_copy_and_an_absent_drive_fails(tmp_path):
    _init(tmp_path / "stick")
    drive = tmp_path / "drive"
    drive.mkdir()
    assert _as_ana("backup", "mirror", "--init", str(drive), home=tmp_path / "stick").returncode == 0
    _as_ana("backup", "now", home=tmp_path / "stick")
    copied = _as_ana("backup", "mirror", home=tmp_path / "stick")
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.startswith("copied   studio-") and "1 copied, 0 already" in copied.stdout
    (drive / ".tattoo-mirror").unlink()
    absent = _as_ana("backup", "mirror", home=tmp_path / "stick")
    assert absent.returncode == 1 and "not plugged in" in absent.stderr
