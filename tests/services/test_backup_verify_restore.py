"""Verifying and restoring backups: bit flips are caught and refused; a restore brings the data back."""

from __future__ import annotations

import pytest

from app.domain.backups import BAD, VERIFIED, BadBackupError
from app.domain.errors import ForbiddenError
from app.services.backups.manifest import sha256_file
from app.services.backups.restore import restore_file
from app.services.clients.service import ClientService
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import add_client, flip_bit, point_of, rebuilt


def _names(opened, clock) -> list[str]:
    return sorted(c.last_name for c in ClientService(opened.db, clock).search(opened.user, ""))


def test_verify_marks_a_flipped_bit_as_bad_and_restore_refuses_it(backups, opened, stick, clock):
    good = backups.backup_now(opened.user)
    clock.advance(60)
    bad = backups.backup_now(opened.user)
    flip_bit(point_of(stick.backups, bad.name))
    states = {r.name: r.state for r in backups.verify(opened.user)}
    assert states == {good.name: VERIFIED, bad.name: BAD}
    assert {r.name: r.state for r in backups.list_backups(opened.user)}[bad.name] == BAD
    with pytest.raises(BadBackupError, match="does not match its checksum"):
        backups.restore(opened.user, bad.name)


def test_restore_round_trip_brings_back_the_data_of_backup_time(backups, opened, clock, created):
    add_client(opened, clock, "Ada", "Before")
    taken = backups.backup_now(opened.user)
    add_client(opened, clock, "Bob", "After")
    restored = backups.restore(opened.user, taken.name)
    assert restored.counts["clients"] == 1 and restored.backup_created_at == taken.created_at
    assert restored.safety_backup.name.startswith("before-restore-")
    assert restored.safety_backup.name in {r.name for r in backups.list_backups(opened.user)}
    assert _names(opened, clock) == ["Before"]
    opened.close()
    service, _ = created
    again = service.unlock(ADMIN, ADMIN_PASSWORD)  # the admin password still opens the restored studio
    try:
        assert _names(again, clock) == ["Before"]
    finally:
        again.close()


def test_restore_file_works_on_a_closed_database_like_the_cli(backups, opened, stick, clock, created):
    add_client(opened, clock, "Ada", "Before")
    taken = backups.backup_now(opened.user)
    add_client(opened, clock, "Bob", "After")
    key = bytes.fromhex(opened.db.key_hex())
    opened.close()
    restored = restore_file(stick, key, taken.path, clock)
    assert restored.counts["clients"] == 1
    again = created[0].unlock(ADMIN, ADMIN_PASSWORD)
    try:
        assert _names(again, clock) == ["Before"]
    finally:
        again.close()


def test_restore_is_for_admins_only(backups, opened, stick, clock):
    taken = backups.backup_now(opened.user)
    staff = UserService(opened.db, stick, clock).create(opened.user, username="sam", display_name="Sam",
                                                         role="staff", password="staff password")
    with pytest.raises(ForbiddenError, match="Only an admin can restore"):
        backups.restore(staff, taken.name)


def test_two_rebuilds_of_one_point_at_once_keep_their_own_files(backups, opened, stick):
    """The daily verify may rebuild the point a restore is rebuilding: each gets its own temp file."""
    taken = backups.backup_now(opened.user)
    with rebuilt(stick.backups, taken.name) as first:
        with rebuilt(stick.backups, taken.name) as second:
            assert first != second and second.is_file()
        assert first.is_file() and sha256_file(first) == taken.sha256  # the other one's end took nothing
    assert not [p for p in stick.backups.iterdir() if p.name.endswith(".tmp")]
