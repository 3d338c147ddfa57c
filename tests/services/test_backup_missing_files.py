"""Backups deleted by hand: verify says missing, mirror and prune carry on with the others."""

from __future__ import annotations

from datetime import timedelta

from app.domain.backups import MISSING, VERIFIED, RetentionPolicy
from tests.services.support_backup import point_of


def test_verify_mirror_prune_and_status_carry_on_past_a_deleted_backup(backups, opened, stick, clock, tmp_path):
    gone = backups.backup_now(opened.user)
    clock.at += timedelta(days=1)
    kept = backups.backup_now(opened.user)
    point_of(stick.backups, gone.name).unlink()  # deleted by hand
    (stick.backups / "studio-20990101T000000Z.db").symlink_to(stick.backups / "nowhere.db")

    states = {r.name: r.state for r in backups.verify(opened.user)}
    assert states == {gone.name: MISSING, kept.name: VERIFIED, "studio-20990101T000000Z.db": MISSING}

    drive = tmp_path / "mirror-drive"
    drive.mkdir()
    folder = backups.init_mirror(opened.user, drive)
    assert backups.mirror(opened.user).copied == (kept.name,)  # the missing one is not copied, nor a crash
    point_of(folder, kept.name).unlink()
    mirrored = [r for r in backups.list_all(opened.user) if r.location == "mirror"]
    assert [(r.name, r.state) for r in mirrored] == [(kept.name, MISSING)]

    assert backups.prune(opened.user, RetentionPolicy(hours=0, daily=1, weekly=0, monthly=0)) == []
    assert backups.status(opened.user).last_backup.name == kept.name
