"""What the app writes on a stick works on FAT32 and exFAT: folders, atomic replace, backups, the FAT32 file limit."""

from __future__ import annotations

import pytest

from app.core import filesystem
from app.core import paths as stick_paths
from app.core.atomic import write_atomic
from app.core.filesystem import FileTooLargeForStickError

pytestmark = pytest.mark.slow


def test_stick_folders_are_made_on_fat_although_it_keeps_no_permissions(fat_volume):
    _kind, mount = fat_volume
    made = stick_paths.resolve(home=mount / "stick").ensure()
    assert made.xdg_runtime.is_dir() and made.tmp.is_dir()


def test_fat32_is_told_apart_from_exfat_and_the_host_disk(fat_volume, tmp_path):
    kind, mount = fat_volume
    assert filesystem.is_fat32(mount / "stick" / "data") is (kind == "fat32")
    assert filesystem.is_fat32(tmp_path) is False


def test_atomic_replace_over_an_existing_file_on_fat(fat_volume):
    _kind, mount = fat_volume
    target = mount / "keyslots.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in mount.iterdir() if not p.name.startswith("STICK")) == ["keyslots.json"]


@pytest.fixture
def fat32(tmp_path):
    """A FUSE-mounted volume the app takes for FAT32, with the one-file limit lowered to 3 MiB (64 KiB headroom)
    so the test reaches it in seconds. It is an exFAT volume listed as FAT32: fusefat cannot carry SQLite
    with two connections open on one file (a plain sqlite3 test gets "disk I/O error" after ~14 commits), which
    a real FAT32 driver (Linux's vfat, macOS's msdos, Windows) does; the detection itself is tested above."""
    from tests.stick_fs.support_volumes import missing, mounted

    why = missing("exfat")
    if why:
        pytest.skip(why)
    with mounted("exfat", tmp_path, size_mib=256) as mount, pytest.MonkeyPatch.context() as patch:
        patch.setattr(filesystem, "FAT32_TYPES", filesystem.FAT32_TYPES | {"fuseblk"})
        patch.setattr(filesystem, "FAT32_MAX_FILE", 3 * 2**20 - 1)
        patch.setattr(filesystem, "DB_HEADROOM", 64 * 2**10)
        yield mount


def test_the_database_stops_with_a_sentence_below_the_fat32_file_limit_and_keeps_every_commit(fat32):
    import os

    from sqlalchemy import text

    from app.db.engine import Database

    db = Database(fat32 / "studio.db", os.urandom(32))
    with db.write() as conn:
        conn.execute(text("CREATE TABLE blobs (n INTEGER PRIMARY KEY, body BLOB)"))
    committed = 0
    with pytest.raises(FileTooLargeForStickError, match="FAT32 file system lets one file reach.*exFAT") as refused:
        for n in range(200):
            with db.write() as conn:
                conn.execute(text("INSERT INTO blobs VALUES (:n, randomblob(65536))"), {"n": n})
            committed = n + 1
    assert "last change was not saved" in str(refused.value)
    assert 10 < committed < 200
    assert (fat32 / "studio.db").stat().st_size <= filesystem.FAT32_MAX_FILE
    with db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM blobs")).scalar() == committed
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.close()


def test_a_backup_or_export_that_cannot_fit_on_fat32_is_refused_before_writing(fat32, tmp_path):
    from app.services.backups.export import write_zip

    big = tmp_path / "studio-20260101T000000Z.db"
    with open(big, "wb") as sparse:
        sparse.truncate(4 * 2**20)  # on the host disk; the ZIP would go to the FAT32 volume
    with pytest.raises(FileTooLargeForStickError, match=r"The backup export would be 0\.00 GiB, more than"):
        write_zip(big, {"name": big.name}, fat32)
    assert [p.name for p in fat32.iterdir() if p.suffix == ".zip" or p.name.endswith(".tmp")] == []
    small = tmp_path / "studio-20260102T000000Z.db"
    small.write_bytes(b"x" * 1024)
    assert write_zip(small, {"name": small.name}, fat32).is_file(), "what fits is written as before"


def test_fat32_limit_is_not_applied_off_fat32(tmp_path):
    assert filesystem.file_limit(tmp_path) is None
    filesystem.refuse_if_too_big(tmp_path / "huge.zip", 2**40, "An export")  # ext4/tmpfs: no FAT32 limit


def test_a_replace_cut_short_between_its_renames_on_fat_is_finished_at_the_next_start(fat_volume, monkeypatch):
    import os

    from app.core import atomic

    _kind, mount = fat_volume
    stick = stick_paths.resolve(home=mount / "stick").ensure()
    write_atomic(stick.keyslots, b"the old slots")
    real_replace, calls = os.replace, []

    def power_lost_after_first_rename(source, target):
        calls.append((source, target))
        if len(calls) == 2:
            raise OSError("power lost")  # step 1 (NAME -> .NAME.old) happened, step 2 did not
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", power_lost_after_first_rename)
    with pytest.raises(OSError, match="power lost"):
        write_atomic(stick.keyslots, b"the new slots")
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert not stick.keyslots.exists() and atomic.old_name(stick.keyslots).read_bytes() == b"the old slots"
    stick_paths.resolve(home=mount / "stick").ensure()  # the next start
    assert stick.keyslots.read_bytes() == b"the old slots"
    assert not atomic.old_name(stick.keyslots).exists()

    write_atomic(stick.keyslots, b"the new slots")  # a replace that went through leaves no .old behind
    atomic.old_name(stick.keyslots).write_bytes(b"left by a crash after step 2")
    stick_paths.resolve(home=mount / "stick").ensure()
    assert stick.keyslots.read_bytes() == b"the new slots" and not atomic.old_name(stick.keyslots).exists()


def test_fat_and_exfat_are_known_to_rename_in_two_steps(fat_volume, tmp_path):
    _kind, mount = fat_volume
    assert filesystem.rename_is_atomic(mount) is False
    assert filesystem.rename_is_atomic(tmp_path) is True
