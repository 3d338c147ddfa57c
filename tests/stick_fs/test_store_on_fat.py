"""The chunk store on a real FAT32 or exFAT volume (FUSE-mounted image), as the mirror drive: points copied
pack by pack, verified there (rebuilt and opened), pruned with their chunks collected, a flipped bit named,
and a stick rebuilt from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core import paths as stick_paths
from app.core.clock import FixedClock
from app.domain.backups import BAD, VERIFIED, RetentionPolicy
from app.services.backups.points import chunk_store
from app.services.backups.rebuild import rebuild_from_mirror
from app.services.backups.service import BackupService
from tests.services.support_backup import add_client, flip_bit, packs_of, point_of


def test_the_store_on_fat_takes_points_verifies_prunes_and_rebuilds_a_stick(fat_volume, opened, stick, created,
                                                                            tmp_path):
    kind, drive = fat_volume
    clock = FixedClock(datetime(2026, 3, 14, 15, 0, tzinfo=UTC))
    backups = BackupService(opened.db, stick, clock)
    folder = backups.init_mirror(opened.user, drive)
    taken = []
    for day in range(4):
        add_client(opened, clock, "Day", f"Number {day}")
        taken.append(backups.backup_now(opened.user))
        assert backups.mirror(opened.user).copied == (taken[-1].name,)  # only what the drive lacks
        clock.at += timedelta(days=1)
    assert all(p.parent.parent.name == "packs" and len(p.parent.name) == 2 for p in packs_of(folder))
    states = {(r.location, r.name): r.state for r in backups.list_all(opened.user)}
    assert set(states.values()) == {"unknown", "verified"}
    checked = {(r.path.parent, r.name): r.state for r in backups.verify(opened.user)}
    assert {s for (where, _), s in checked.items() if where == folder} == {VERIFIED}

    gone = backups.prune(opened.user, RetentionPolicy(hours=0, daily=2, weekly=0, monthly=0))
    assert gone == [taken[0].name, taken[1].name]
    assert sorted(chunk_store(folder).names()) == [taken[2].name, taken[3].name]  # pruned on the drive too
    assert not [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".old"))]  # no temp, no half replace

    flip_bit(point_of(folder, taken[3].name))
    mirrored = {r.name: (r.state, r.problems) for r in backups.verify(opened.user) if r.path.parent == folder}
    assert mirrored[taken[2].name] == (VERIFIED, ())
    assert mirrored[taken[3].name][0] == BAD and taken[3].name in mirrored[taken[3].name][1][0]

    recovery = created[1]
    new = stick_paths.resolve(home=tmp_path / f"new-stick-{kind}")
    done = rebuild_from_mirror(new, drive, recovery)
    assert done.backup_name == taken[2].name and done.counts["clients"] == 3  # the newest good one
    assert len(done.skipped) == 1 and "does not match its checksum" in done.skipped[0]  # the damaged one, named
