"""Mirroring to a second drive: verified copies, a missing drive and a full one, bit flips caught."""

from __future__ import annotations

import errno

import pytest

from app.domain.backups import BAD, VERIFIED, BadBackupError, MirrorError
from app.domain.errors import ForbiddenError
from app.services.backups import mirror as backup_mirror
from app.services.backups.manifest import Manifest, sha256_file
from app.services.backups.restore import restore_file
from app.services.users import UserService
from tests.services.support_backup import flip_bit, point_of, rebuilt


@pytest.fixture
def drive(tmp_path):
    """A folder standing in for a second drive."""
    root = tmp_path / "second-drive"
    root.mkdir()
    return root


def test_mirror_copies_new_backups_and_verifies_them_on_the_far_side(backups, opened, drive, clock):
    first = backups.backup_now(opened.user)
    folder = backups.init_mirror(opened.user, drive)
    assert (drive / ".tattoo-mirror").is_file()
    assert backups.mirror(opened.user).copied == (first.name,)
    with rebuilt(folder, first.name) as file:  # the same store layout on the drive
        assert sha256_file(file) == first.sha256
    assert (folder / first.name).with_suffix(".keyslots.json").is_file()
    clock.advance(60)
    second = backups.backup_now(opened.user)
    again = backups.mirror(opened.user)
    assert (again.copied, again.already) == ((second.name,), 1)
    assert [e["name"] for e in Manifest(folder).lines()] == [first.name, second.name]
    status = backups.status(opened.user)
    assert status.mirror_present and status.last_mirror_name == second.name


def test_absent_drive_is_reported_in_a_sentence(backups, opened, drive):
    backups.backup_now(opened.user)
    backups.init_mirror(opened.user, drive)
    (drive / ".tattoo-mirror").unlink()  # the drive was unplugged: its marker is gone
    with pytest.raises(MirrorError, match="not plugged in"):
        backups.mirror(opened.user)
    assert not backups.status(opened.user).mirror_present
    assert list((drive / "TattooStudioBackups").iterdir()) == []


def test_full_drive_is_reported_and_leaves_no_partial_file(backups, opened, drive, monkeypatch):
    record = backups.backup_now(opened.user)
    backups.init_mirror(opened.user, drive)

    def fill_up(src, dst):
        dst.write(src.read(4096))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_mirror, "copy_chunks", fill_up)
    with pytest.raises(MirrorError, match="is full") as caught:
        backups.mirror(opened.user)
    assert "the backups on the stick are safe" in str(caught.value)
    assert list((drive / "TattooStudioBackups").iterdir()) == []  # no temp, no final name, no manifest
    assert {r.state for r in backups.verify(opened.user)} == {VERIFIED}  # nothing lost on the stick
    monkeypatch.undo()
    assert backups.mirror(opened.user).copied == (record.name,)


def test_flipped_bit_in_a_mirror_copy_is_caught_and_refused(backups, opened, drive, stick):
    record = backups.backup_now(opened.user)
    folder = backups.init_mirror(opened.user, drive)
    backups.mirror(opened.user)
    flip_bit(point_of(folder, record.name))
    states = {(r.path.parent, r.name): r.state for r in backups.verify(opened.user)}
    assert states == {(stick.backups, record.name): VERIFIED, (folder, record.name): BAD}
    key = bytes.fromhex(opened.db.key_hex())
    opened.close()
    with pytest.raises(BadBackupError, match="will not be restored"):
        restore_file(stick, key, folder / record.name)


def test_a_bad_local_backup_is_not_spread_to_the_mirror(backups, opened, drive, stick):
    record = backups.backup_now(opened.user)
    backups.init_mirror(opened.user, drive)
    flip_bit(point_of(stick.backups, record.name))
    report = backups.mirror(opened.user)
    assert report.skipped == (record.name,) and report.copied == ()
    assert not point_of(drive / "TattooStudioBackups", record.name).exists()


def test_choosing_the_mirror_drive_is_for_admins(backups, opened, stick, clock, drive):
    staff = UserService(opened.db, stick, clock).create(opened.user, username="sam", display_name="Sam",
                                                         role="staff", password="staff password")
    with pytest.raises(ForbiddenError):
        backups.init_mirror(staff, drive)
    with pytest.raises(MirrorError, match="No mirror drive is chosen"):
        backups.mirror(staff)
