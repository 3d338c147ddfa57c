"""A backup restored over the live studio takes a new sync node id: the node id it was backed up with may have
stamped changes after the backup, and two different changes must never carry the same clock value and node."""

from __future__ import annotations

from app.db.node import enable_capture
from app.domain.hlc import Stamp
from tests.services.support_backup import add_client


def _node(db) -> str:
    with db.read() as conn:
        return conn.exec_driver_sql("SELECT node_id FROM sync_node").scalar()


def test_a_restored_backup_writes_under_a_new_node_id(backups, opened, clock):
    with opened.db.write() as conn:
        before = enable_capture(conn, opened.db.path)
    point = backups.backup_now(opened.user)
    add_client(opened, clock, "Stamped", "After")  # a change stamped with the old node, after the backup
    backups.restore(opened.user, point.name)
    add_client(opened, clock, "Written", "Later")
    after = _node(opened.db)
    assert after != before
    with opened.db.read() as conn:
        last = conn.exec_driver_sql("SELECT hlc FROM sync_outbox ORDER BY seq DESC LIMIT 1").scalar()
    assert Stamp.parse(last).node == after
