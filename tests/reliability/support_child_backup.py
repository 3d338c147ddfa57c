"""Kill-loop child: take backups of the stick's studio forever, printing each name once it is done."""

import sys
from pathlib import Path

from app.core import paths as stick_paths
from app.core.clock import Clock
from app.db.engine import Database
from app.services.backup_store import write_backup


def main() -> None:
    key = bytes.fromhex(sys.stdin.readline().strip())  # stdin, not argv or env: keys stay out of ps
    paths = stick_paths.resolve(home=Path(sys.argv[1]))
    db = Database(paths.db, key)
    print("ready", flush=True)
    while True:
        print(write_backup(db, paths, Clock()).name, flush=True)


if __name__ == "__main__":
    main()
