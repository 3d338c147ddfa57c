"""Bit flips and truncation in the store's packs, its point files and the manifest: found by verify, named in
its sentence, and never restored, exported or mirrored."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from app.domain.backups import BAD, VERIFIED, BadBackupError
from app.services.backups.manifest import MANIFEST, Manifest
from tests.services.support_backup import add_client, flip_bit, packs_of, point_of


def _two_points(backups, opened, clock):
    """An older point, then a newer one with pages of its own (a client added in between)."""
    older = backups.backup_now(opened.user)
    clock.advance(3600)
    add_client(opened, clock)
    newer = backups.backup_now(opened.user)
    return older, newer


def _newest_pack(stick) -> Path:
    """The pack holding only the newer point's new pages (packs are named by hash: pick it by time)."""
    return max(packs_of(stick.backups), key=lambda p: p.stat().st_mtime_ns)


def _refused_everywhere(backups, opened, name: str, *words: str) -> None:
    """Restore and export both refuse the point with a sentence holding `words`; nothing is written."""
    with pytest.raises(BadBackupError) as restore:
        backups.restore(opened.user, name)
    with pytest.raises(BadBackupError) as export, tempfile.TemporaryDirectory() as out:
        try:
            backups.export(opened.user, name, out)
        finally:
            assert list(Path(out).iterdir()) == []
    for raised in (restore.value, export.value):
        assert f"The backup {name} will not be restored" in str(raised)
        assert all(word in str(raised) for word in words), str(raised)


def _states(backups, opened) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {r.name: (r.state, r.problems) for r in backups.verify(opened.user)}


@pytest.mark.parametrize("how", ["flip", "truncate"])
def test_a_damaged_pack_is_named_and_its_point_never_restored(backups, opened, stick, clock, how):
    older, newer = _two_points(backups, opened, clock)
    pack = _newest_pack(stick)
    if how == "flip":
        flip_bit(pack)  # inside a page: its SHA-256 no longer matches
    else:
        pack.write_bytes(pack.read_bytes()[:-100])  # cut short: its trailer is gone
    states = _states(backups, opened)
    assert states[older.name] == (VERIFIED, ())  # its pages are in other packs
    state, problems = states[newer.name]
    assert state == BAD and pack.name[:12] in problems[0] and f"The restore point {newer.name}" in problems[0]
    assert ("is damaged" if how == "flip" else "damaged: cut short or changed") in problems[0]
    _refused_everywhere(backups, opened, newer.name, pack.name[:12])
    drive = stick.root.parent / "drive"
    drive.mkdir()
    backups.init_mirror(opened.user, drive)
    assert backups.mirror(opened.user).copied == (older.name,)  # a damaged point is never spread
    assert not point_of(drive / "TattooStudioBackups", newer.name).exists()
    assert backups.restore(opened.user, older.name).counts["clients"] == 0  # the good one still restores


@pytest.mark.parametrize("how", ["flip", "truncate"])
def test_a_damaged_point_file_is_named_and_never_restored(backups, opened, stick, clock, how):
    older, newer = _two_points(backups, opened, clock)
    point = point_of(stick.backups, newer.name)
    if how == "flip":
        flip_bit(point)
    else:
        point.write_bytes(point.read_bytes()[:-40])
    states = _states(backups, opened)
    assert states[older.name][0] == VERIFIED
    assert states[newer.name] == (BAD, (f"The restore point {newer.name} does not match its checksum: its file "
                                        "was changed or damaged.",))
    _refused_everywhere(backups, opened, newer.name, "does not match its checksum")
    assert backups.prune(opened.user) == []  # a damaged point's chunks are evidence: nothing collected
    assert {p.name for p in packs_of(stick.backups)} and states[older.name][0] == VERIFIED


def test_a_changed_manifest_line_is_named_and_never_restored(backups, opened, stick, clock):
    older, newer = _two_points(backups, opened, clock)
    manifest = stick.backups / MANIFEST
    lines = manifest.read_text("utf-8").splitlines()
    line = json.loads(lines[-1])
    line["counts"]["clients"] += 1  # a flipped digit: still JSON, no longer what was written
    manifest.write_text("\n".join([*lines[:-1], json.dumps(line, sort_keys=True)]) + "\n", "utf-8")
    states = _states(backups, opened)
    assert states[older.name][0] == VERIFIED
    assert states[newer.name] == (BAD, (f"The manifest line of the backup {newer.name} does not match its "
                                        "checksum: the manifest was changed or damaged.",))
    _refused_everywhere(backups, opened, newer.name, "manifest line")


def test_a_changed_checksum_in_the_manifest_is_named_and_never_restored(backups, opened, stick, clock):
    older, newer = _two_points(backups, opened, clock)
    manifest = stick.backups / MANIFEST
    text = manifest.read_text("utf-8")
    line = json.loads(text.splitlines()[-1])
    digits = line["sha256"]
    line["sha256"] = ("0" if digits[0] != "0" else "1") + digits[1:]
    line.pop("check")  # as a line of an earlier version, with no checksum of its own
    manifest.write_text(text.replace(text.splitlines()[-1], json.dumps(line, sort_keys=True)), "utf-8")
    state, problems = _states(backups, opened)[newer.name]
    assert state == BAD and "does not match its checksum in the manifest" in problems[0]
    _refused_everywhere(backups, opened, newer.name, "does not match its checksum in the manifest")


def test_a_manifest_cut_short_lists_the_point_as_unchecked_until_its_line_comes_back(backups, opened, stick,
                                                                                     clock):
    older, newer = _two_points(backups, opened, clock)
    manifest = stick.backups / MANIFEST
    manifest.write_bytes(manifest.read_bytes()[:-60])  # the last line cut short: it no longer parses
    assert [e["name"] for e in Manifest(stick.backups).lines()] == [older.name]
    state, problems = _states(backups, opened)[newer.name]  # still listed, from its point file
    assert state == BAD and problems == (f"The backup {newer.name} is not in the manifest beside it, so its "
                                         "checksum is unknown.",)
    _refused_everywhere(backups, opened, newer.name, "not in the manifest")
    clock.advance(60)
    backups.backup_now(opened.user)  # the next write puts the line back from the point's sealed record
    assert _states(backups, opened)[newer.name] == (VERIFIED, ())
    assert backups.restore(opened.user, newer.name).counts["clients"] == 1
