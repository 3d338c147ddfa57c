"""A device's sync in its own process, for the kill -9 loop: `python -m tests.sync.sync_child DB_PATH` with the
database key (hex) on stdin. It prints "ready" once imported and opened, then runs one sync_now and prints "done".
BATCH is lowered to 2 changes a message so a sync takes many round trips a SIGKILL can land between."""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    """Open the studio at argv[1] and sync it once with its paired relay."""
    from app.db.engine import Database
    from app.services.sync import service
    from app.sync.relay_client import RelayClient

    service.BATCH = 2
    db = Database(Path(sys.argv[1]), bytes.fromhex(sys.stdin.readline().strip()))
    sync = service.SyncService(db, lambda url, credential: RelayClient(url, credential))
    sync.paired()  # the database open (its key derived) before "ready": the kill is meant for the sync itself
    print("ready", flush=True)
    report = sync.sync_now()
    print("done", report.pushed, report.applied, flush=True)


if __name__ == "__main__":
    main()
