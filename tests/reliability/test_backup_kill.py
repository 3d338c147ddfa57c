"""kill -9 during backups, prune + garbage collection and mirror copies never leaves a partial pack or point under
a final name, a listed point that does not verify and restore, nor a point whose chunks are missing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.clock import Clock
from app.db.engine import Database
from app.db.integrity import check_file
from app.services.backups import points
from app.services.backups.manifest import Manifest, sha256_file
from app.services.backups.mirror import mark_drive
from app.services.backups.restore import restore_file
from app.services.backups.store import write_backup
from tests.conftest import REPO
from tests.services.support_backup import packs_of

CHILD = Path(__file__).with_name("support_child_backup.py")
ROUNDS = int(os.environ.get("BACKUP_KILL_ROUNDS", "10"))
SEED = int(os.environ.get("BACKUP_KILL_SEED", str(time.time_ns() % 1_000_000)))


def _kill_one_backer(root: Path, key_hex: str, delay: float, *mode: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TATTOO_")}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(root), *mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            env={**env, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"})
    try:
        proc.stdin.write(key_hex + "\n")
        proc.stdin.close()
        ready = proc.stdout.readline()
        if ready != "ready\n":
            pytest.fail(f"The backup child did not start: {ready!r} {proc.stderr.read()}")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out = proc.stdout.read()
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"The child died on its own (exit {proc.returncode})."
    return [line for line in out.split("\n")[:-1] if line.endswith(".db")]


def _check_folder(folder: Path, key: bytes, reported: set[str]) -> None:
    """Every listed point verifies (every chunk re-hashed, rebuilt, its checksum, every page's HMAC and the
    structure); every point and pack under a final name is whole; no chunk a point lists is missing."""
    listed = {e["name"]: e for e in Manifest(folder).lines()}
    assert reported <= set(listed) | points.pending(folder), f"Reported backups missing (seed {SEED})."
    for name in listed:
        assert points.verify(folder, name, lambda _f, _s: key) == [], f"{name} (seed {SEED})"
    store = points.chunk_store(folder)
    for name in store.names():  # listed or not (a crash before its line): whole, every chunk there
        assert store.problems(name) == [], f"A partial point {name} has a final name (seed {SEED})."
    for pack in packs_of(folder):
        assert sha256_file(pack) == pack.stem, f"A partial pack {pack.name} has a final name (seed {SEED})."
    for path in folder.glob("*.keyslots.json"):
        json.loads(path.read_text("utf-8"))  # a cut-off key-slot file would not parse


def _restore_newest(stick, key: bytes) -> None:
    """The newest listed point restores (as `restore NAME` does with the studio closed)."""
    newest = Manifest(stick.backups).lines()[-1]["name"]
    done = restore_file(stick, key, stick.backups / newest, Clock())
    assert done.counts["users"] >= 1 and check_file(stick.db, key) == []


@pytest.mark.slow
def test_sigkill_during_backups_leaves_only_complete_files_and_true_manifest_lines(opened, stick):
    key = bytes.fromhex(opened.db.key_hex())
    opened.close()
    rng, reported = random.Random(SEED), set()
    for _ in range(ROUNDS):
        reported.update(_kill_one_backer(stick.root, key.hex(), rng.uniform(0.05, 0.8)))
        _check_folder(stick.backups, key, reported)
    db = Database(stick.db, key)
    try:
        after = write_backup(db, stick, Clock())  # the next backup succeeds and sweeps the leftovers
    finally:
        db.close()
    assert not [p for p in stick.backups.rglob(".*.tmp*")]  # temps and their journals, in the store too
    _check_folder(stick.backups, key, reported | {after.name})
    _restore_newest(stick, key)
    print(f"\nbackup kill loop: {ROUNDS} rounds, {len(reported)} backups reported (seed {SEED})")


@pytest.mark.slow
def test_sigkill_during_backup_prune_and_mirror_leaves_every_listed_point_whole(opened, stick):
    key = bytes.fromhex(opened.db.key_hex())
    opened.close()
    (stick.root / "mirror").mkdir()
    mirror = mark_drive(stick.root / "mirror")
    rng, reported = random.Random(SEED), set()
    for n in range(ROUNDS):
        reported.update(_kill_one_backer(stick.root, key.hex(), rng.uniform(0.05, 1.5), "cycle", str(n * 1000)))
        for folder in (stick.backups, mirror):
            _check_folder(folder, key, set())  # pruned points may be gone; every listed one is whole
    assert len(reported) >= ROUNDS // 2, "The children were killed before they backed anything up."
    db = Database(stick.db, key)
    try:
        after = write_backup(db, stick, Clock())  # the next backup succeeds and sweeps the leftovers
    finally:
        db.close()
    assert not [p for p in stick.backups.rglob(".*.tmp*")]
    _check_folder(stick.backups, key, {after.name})
    _restore_newest(stick, key)
    print(f"\nbackup/prune/mirror kill loop: {ROUNDS} rounds, {len(reported)} backups reported (seed {SEED})")
