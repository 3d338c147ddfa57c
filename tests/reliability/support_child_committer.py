"""Kill-loop child: commit audit rows forever, printing each uuid only after its commit returned."""

import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from app.db.engine import Database
from app.db.repos.audit import AuditRepository

ACTION = "kill-test"


def main() -> None:
    key = bytes.fromhex(sys.stdin.readline().strip())  # stdin, not argv or env: keys stay out of ps
    db = Database(Path(sys.argv[1]), key)
    audit = AuditRepository()
    print("ready", flush=True)
    while True:
        row_id = str(uuid.uuid4())
        with db.write() as conn:
            audit.record(conn, at=datetime.now(UTC), actor_id=None, action=ACTION,
                         entity="test", entity_id=row_id, summary="")
        print(row_id, flush=True)  # reported only once the commit is done


if __name__ == "__main__":
    main()
