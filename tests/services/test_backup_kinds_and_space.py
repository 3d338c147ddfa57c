"""Every kind of restore point has a manifest line and its own retention; a short stick refuses backups
with a sentence while the studio keeps taking payments."""

from __future__ import annotations

import os
import subprocess

import pytest
from sqlalchemy import text

from app.domain.backups import UNUSABLE, BackupRefusedError, RetentionPolicy
from app.services.backups.manifest import Manifest
from app.services.backups.restore import restore_file
from app.services.backups.service import BackupService
from app.services.backups.space import needed_bytes, used_bytes
from app.services.studio.service import StudioService
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import point_of
from tests.services.support_money_studio import create_money_studio


def test_pre_migration_and_damaged_copies_are_listed_verified_and_pruned_like_backups(backups, opened, stick,
                                                                                        clock):
    service = StudioService(stick, clock)
    for n in range(3):
        service.backup_before_migration(opened.db, f"r{n}", f"r{n + 1}")
        clock.advance(60)
    good = backups.backup_now(opened.user)
    listed = {r.name: r for r in backups.list_backups(opened.user)}
    migrations = sorted(n for n, r in listed.items() if r.kind == "before-migration")
    assert len(migrations) == 3 and all(Manifest(stick.backups).entry(n)["sha256"] for n in migrations)
    assert {r.state for r in backups.verify(opened.user)} == {"verified"}

    key = bytes.fromhex(opened.db.key_hex())
    opened.db.close()
    with open(stick.db, "r+b") as fh:  # the live file is damaged: the restore keeps it as a 'damaged' point
        fh.seek(8192)
        fh.write(os.urandom(4096))
    done = restore_file(stick, key, good.path, clock)
    assert done.safety_backup.name.startswith("damaged-")
    line = Manifest(stick.backups).entry(done.safety_backup.name)
    assert line["kind"] == "damaged" and line["sha256"] and done.safety_backup.with_suffix(".keyslots.json").exists()

    again = BackupService(opened.db, stick, clock)
    kinds = {r.name: (r.kind, r.state) for r in again.verify(opened.user)}
    assert kinds[done.safety_backup.name] == ("damaged", "bad")  # named, and never restored
    gone = again.prune(opened.user)
    assert gone == [migrations[0]]  # the newest two of each other kind stay
    assert not point_of(stick.backups, migrations[0]).exists()
    assert not (stick.backups / migrations[0]).with_suffix(".keyslots.json").exists()


def test_retention_keeps_every_backup_of_the_last_day_then_one_a_day(backups, opened, clock):
    names = []
    for _ in range(36):  # every 2 hours for three days
        names.append(backups.backup_now(opened.user).name)
        clock.advance(2 * 3600)
    clock.advance(-2 * 3600)
    backups.prune(opened.user)
    left = {r.name for r in backups.list_backups(opened.user)}
    assert set(names[-13:]) <= left  # the last 24 hours (both ends), all of them
    assert left - set(names[-13:]) == {names[4], names[16]}  # and the newest of each of the two days before
    assert backups.prune(opened.user, RetentionPolicy(hours=0, daily=1, weekly=0, monthly=0)) != []
    assert [r.name for r in backups.list_backups(opened.user)] == [names[-1]]


def test_a_short_stick_prunes_harder_then_refuses_and_the_screen_says_so(opened, stick, clock):
    capacity = {"bytes": 0}

    def free(_folder):  # a stick of a given size: what the backups and the live file leave free
        return capacity["bytes"] - used_bytes(stick.backups) - stick.db.stat().st_size

    backups = BackupService(opened.db, stick, clock, free_space=free)
    db_size = stick.db.stat().st_size
    capacity["bytes"] = 10 * db_size + needed_bytes(db_size)
    taken = []
    for _ in range(5):
        taken.append(backups.backup_now(opened.user).name)
        clock.advance(86400)
    assert len(backups.list_backups(opened.user)) == 5
    capacity["bytes"] = used_bytes(stick.backups) + db_size + needed_bytes(db_size) - 1  # one byte short
    record = backups.backup_now(opened.user)  # old points pruned to make room: the new one is taken
    assert [r.name for r in backups.list_backups(opened.user)] == [record.name, taken[-1]]
    assert backups.status(opened.user).refused is None

    capacity["bytes"] = used_bytes(stick.backups) + db_size + db_size  # short even after pruning hard
    with pytest.raises(BackupRefusedError, match="The backup was not taken: the stick has .* free"):
        backups.backup_now(opened.user)
    status = backups.status(opened.user)
    assert status.refused and "payments and other work go on" in status.refused
    assert [r.name for r in backups.list_backups(opened.user)] == [record.name]  # the newest good one stays
    capacity["bytes"] += needed_bytes(db_size)
    backups.backup_now(opened.user)
    assert backups.status(opened.user).refused is None


@pytest.fixture
def small_stick(tmp_path):
    """A real 64 MB file system (tmpfs; needs root), unmounted afterwards."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_nearly_full_stick_refuses_backups_while_payments_go_on(small_stick):
    studio = create_money_studio(small_stick / "stick")
    backups = BackupService(studio.db, studio.paths, studio.clock)
    studio.register.open_day(studio.admin, studio.clock.now().date(), 100_00)
    backups.backup_now(studio.admin)
    db_size = studio.paths.db.stat().st_size
    filler = small_stick / "filler.bin"
    with open(filler, "wb") as fh:  # leave room for the database to grow, but not for a backup and reserve
        fh.truncate(0)
        free = os.statvfs(small_stick).f_bavail * os.statvfs(small_stick).f_frsize
        fh.write(b"\0" * (free - 2 * db_size))
    paid = []
    for n in range(30):
        if n % 10 == 0:
            with pytest.raises(BackupRefusedError, match="payments and other work go on as normal"):
                backups.backup_now(studio.admin)
        paid.append(studio.payments.take_payment(studio.staff, amount_minor=10_00 + n, method="cash",
                                                 kind="payment").id)
    assert backups.status(studio.admin).refused
    good = [r for r in backups.list_backups(studio.admin) if r.state not in UNUSABLE]
    assert len(good) == 1  # the last good backup is never pruned to make room
    studio.opened.close()
    reopened = StudioService(studio.paths).unlock(ADMIN, ADMIN_PASSWORD)
    try:
        with reopened.db.read() as conn:
            ids = set(conn.execute(text("SELECT id FROM payments")).scalars())
        assert set(paid) <= ids  # every acknowledged payment is on the stick
    finally:
        reopened.close()
