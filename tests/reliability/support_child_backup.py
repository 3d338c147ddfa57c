"""Kill-loop child: take backups of the stick's studio forever, printing each name once it is done.
With `cycle`, each backup is followed by a prune to a small policy and a copy to a mirror folder, as the
running app does."""

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core import paths as stick_paths
from app.core.clock import Clock
from app.db.engine import Database
from app.domain.backups import RetentionPolicy
from app.services.backups.manifest import Manifest, record_from
from app.services.backups.mirror import mirror_entries
from app.services.backups.points import prune_points
from app.services.backups.prune import names_to_keep
from app.services.backups.store import write_backup

SMALL = RetentionPolicy(hours=0, daily=2, weekly=0, monthly=0, others=1)


def prune_to(folder: Path, policy: RetentionPolicy) -> None:
    """Prune a backup folder (the stick's or the mirror's) to `policy`, as BackupService.prune does."""
    records = sorted((record_from(e, folder) for e in Manifest(folder).lines()),
                     key=lambda r: (r.created_at, r.name), reverse=True)
    if records:
        now = records[0].created_at
        prune_points(folder, {r.name for r in records} - names_to_keep(records, policy, now))


def _slow_fsync(seconds: float) -> None:
    """Hold each synced temp file a moment (SLOW_FSYNC_S): a killer polling for the temp copy then finds it even
    on a busy machine, where a small studio's copy would otherwise come and go between two polls."""
    sync = os.fsync

    def held(fd: int) -> None:
        sync(fd)
        time.sleep(seconds)

    os.fsync = held


def main() -> None:
    if os.environ.get("SLOW_FSYNC_S"):
        _slow_fsync(float(os.environ["SLOW_FSYNC_S"]))
    key = bytes.fromhex(sys.stdin.readline().strip())  # stdin, not argv or env: keys stay out of ps
    paths = stick_paths.resolve(home=Path(sys.argv[1]))
    cycle = sys.argv[2:3] == ["cycle"]
    db = Database(paths.db, key)
    print("ready", flush=True)
    clock = FakeDays(int(sys.argv[3])) if cycle else Clock()
    while True:
        print(write_backup(db, paths, clock).name, flush=True)
        if cycle:
            prune_to(paths.backups, SMALL)
            mirror = paths.root / "mirror" / "TattooStudioBackups"
            mirror_entries(mirror.parent, paths.backups, Manifest(paths.backups).lines())
            prune_to(mirror, SMALL)


class FakeDays(Clock):
    """A day passes between two backups, so the policy has something to prune; each child starts on its
    own days (`start`, from the parent), so names never collide."""

    def __init__(self, start: int):
        self.at = datetime(2030, 1, 1, tzinfo=UTC) + timedelta(days=start)

    def now(self) -> datetime:
        self.at += timedelta(days=1)
        return self.at


if __name__ == "__main__":
    main()
