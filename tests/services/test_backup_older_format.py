"""Restore points an earlier version wrote (one `.db` file each, manifest lines with no `store`) stay listed,
verified, restorable, exported, mirrored and pruned beside the store's points; a flipped bit in one is named."""

from __future__ import annotations

import json
import zipfile

import pytest

from app.db.snapshot import export_encrypted
from app.domain.backups import BAD, VERIFIED, BadBackupError, RetentionPolicy
from app.services.backups.manifest import Manifest, keyslots_beside, sha256_file
from app.services.backups.mirror import FOLDER
from app.services.backups.store import keep_keyslots
from tests.services.support_backup import add_client, flip_bit, point_of


def _older_point(opened, stick, clock) -> str:
    """Write a point exactly as the earlier version did: the checked copy, its key slots, a line without
    a checksum of its own and without `store`."""
    stick.backups.mkdir(parents=True, exist_ok=True)
    dest = stick.backups / f"studio-{clock.now().strftime('%Y%m%dT%H%M%SZ')}.db"
    keep_keyslots(stick, dest)
    export_encrypted(opened.db, dest)
    line = {"name": dest.name, "sha256": sha256_file(dest), "size": dest.stat().st_size, "revision": "x",
            "counts": {"clients": 1}, "created_at": clock.now().isoformat(), "kind": "backup"}
    with open(stick.backups / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line, sort_keys=True) + "\n")
    return dest.name


def test_an_older_point_is_listed_verified_restored_exported_and_mirrored(backups, opened, stick, clock, tmp_path):
    add_client(opened, clock, "Ada", "Older")
    older = _older_point(opened, stick, clock)
    clock.advance(3600)
    add_client(opened, clock, "Bob", "Newer")
    newer = backups.backup_now(opened.user)
    assert [r.name for r in backups.list_backups(opened.user)] == [newer.name, older]
    assert {r.name: r.state for r in backups.verify(opened.user)} == {older: VERIFIED, newer.name: VERIFIED}

    drive = tmp_path / "drive"
    drive.mkdir()
    backups.init_mirror(opened.user, drive)
    assert backups.mirror(opened.user).copied == (older, newer.name)
    assert sha256_file(drive / FOLDER / older) == sha256_file(stick.backups / older)  # copied as it is
    assert point_of(drive / FOLDER, newer.name).is_file()  # into the drive's store

    out = tmp_path / "out"
    out.mkdir()
    with zipfile.ZipFile(backups.export(opened.user, older, out)) as archive:
        assert sorted(archive.namelist()) == sorted([older, older.replace(".db", ".keyslots.json"), "manifest.jsonl"])
    assert backups.restore(opened.user, older).counts["clients"] == 1


def test_an_older_point_with_a_flipped_bit_is_named_and_never_restored(backups, opened, stick, clock):
    older = _older_point(opened, stick, clock)
    flip_bit(stick.backups / older)
    [record] = backups.verify(opened.user)
    manifest = stick.backups / "manifest.jsonl"
    assert (record.state, record.problems) == (BAD, (f"The backup {older} does not match its checksum in the "
                                                     f"manifest: the file or its line in {manifest} "
                                                     "was changed or damaged.",))
    with pytest.raises(BadBackupError, match=f"The backup {older} will not be restored"):
        backups.restore(opened.user, older)


def test_older_points_are_pruned_by_the_policy_with_their_key_slots(backups, opened, stick, clock):
    olders = []
    for _ in range(3):
        olders.append(_older_point(opened, stick, clock))
        clock.advance(86400)
    newest = backups.backup_now(opened.user)
    gone = backups.prune(opened.user, RetentionPolicy(hours=0, daily=2, weekly=0, monthly=0))
    assert gone == olders[:2]
    for name in gone:
        assert not (stick.backups / name).exists() and not keyslots_beside(stick.backups / name).exists()
    assert [e["name"] for e in Manifest(stick.backups).lines()] == [olders[2], newest.name]
    assert {r.state for r in backups.verify(opened.user)} == {VERIFIED}
