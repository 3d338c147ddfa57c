"""A backup killed mid-write leaves a temp file (a pack's or a point's; from older versions a whole copy and its
SQLite journal) and a key-slot file with no backup: the next backup sweeps them, and keeps every key-slot file
whose backup exists or is listed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.clock import Clock
from app.db.engine import Database
from app.services.backups.manifest import Manifest
from app.services.backups.store import write_backup
from tests.conftest import REPO
from tests.services.support_backup import point_of

CHILD = Path(__file__).with_name("support_child_backup.py")


def _kill_mid_export(root: Path, folder: Path, key_hex: str) -> None:
    """Start a backing-up child and kill -9 it the moment its temp copy appears."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(root)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**env, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1",
                                 "SLOW_FSYNC_S": "0.2"})  # the temp copy stays long enough to be seen
    try:
        proc.stdin.write(key_hex + "\n")
        proc.stdin.close()
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _temps(folder):
            time.sleep(0.0005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*.tmp*")]


def _orphan_slots(folder: Path) -> set[str]:
    listed = {e["name"] for e in Manifest(folder).lines()}
    return {p.name for p in folder.glob("*.keyslots.json")
            if (name := p.name.removesuffix(".keyslots.json") + ".db") not in listed
            and not (folder / name).exists() and not point_of(folder, name).exists()}


def _leftovers(folder: Path) -> set[str]:
    return {p.name for p in _temps(folder)} | _orphan_slots(folder)


@pytest.mark.slow
def test_the_next_backup_sweeps_what_a_killed_backup_left(opened, stick):
    key = bytes.fromhex(opened.db.key_hex())
    kept = write_backup(opened.db, stick, Clock())
    opened.close()
    deleted_by_hand = write_backup_in(stick, key)
    point_of(stick.backups, deleted_by_hand).unlink()  # listed, file gone: its key slots stay, it may come back
    _kill_mid_export(stick.root, stick.backups, key.hex())
    assert _temps(stick.backups)
    old_copy = stick.backups / ".studio-20200101T000000Z.db.999999.tmp"  # what an older version's killed
    old_copy.write_bytes(b"x" * 4096)                                    # export left: a copy and its journal
    old_copy.with_name(old_copy.name + "-journal").write_bytes(b"")
    (stick.backups / "studio-20200101T000000Z.keyslots.json").write_bytes(b"{}")  # ... and slots, no backup
    left = _leftovers(stick.backups)
    assert any(n.endswith(".tmp-journal") for n in left) and _orphan_slots(stick.backups), left

    after = write_backup_in(stick, key)

    assert _leftovers(stick.backups) == set()
    slots = {p.name for p in stick.backups.glob("*.keyslots.json")}
    assert slots == {n.removesuffix(".db") + ".keyslots.json" for n in (kept.name, deleted_by_hand, after)}


def write_backup_in(stick, key: bytes) -> str:
    """Take one backup in this process, as the running app would; return its name."""
    db = Database(stick.db, key)
    try:
        return write_backup(db, stick, Clock()).name
    finally:
        db.close()


def test_a_backup_that_fails_takes_its_key_slots_and_temp_file_with_it(opened, stick, monkeypatch):
    import errno

    from app.services.backups import packs

    def full_stick(*args):  # the stick fills up as the pack is given its name
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(packs, "replace_file", full_stick)
    with pytest.raises(OSError, match="No space left"):
        write_backup(opened.db, stick, Clock())
    assert sorted(p.name for p in stick.backups.rglob("*") if p.is_file()) == []
