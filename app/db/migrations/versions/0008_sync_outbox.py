"""Sync change capture: the outbox every write of a synced table lands in (by triggers), and this device's node.

See app/db/capture.py for which tables sync and why triggers; app/db/node.py for the node id and the clock.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op

from app.db.capture import install_capture, remove_capture

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE sync_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, "
               "row_id TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')), "
               "fields TEXT, row TEXT, hlc TEXT)")
    op.execute("CREATE INDEX ix_sync_outbox_unstamped ON sync_outbox(seq) WHERE hlc IS NULL")
    op.execute("CREATE TABLE sync_node (id INTEGER PRIMARY KEY CHECK (id = 1), node_id TEXT NOT NULL, "
               "last_hlc TEXT, capturing INTEGER NOT NULL DEFAULT 0, applying INTEGER NOT NULL DEFAULT 0, "
               # the pairing with the relay (the credential and the keyring are secrets: this file is encrypted)
               "relay_url TEXT, studio_id TEXT, device_id TEXT, credential TEXT, keyring BLOB, "
               # how far this device pushed (outbox seq) and pulled (the relay's seq): advanced with the work done
               "pushed_seq INTEGER NOT NULL DEFAULT 0, pulled_seq INTEGER NOT NULL DEFAULT 0, last_sync_at TEXT, "
               "last_error TEXT)")
    # The clock stamp of each field's latest value (field '-deleted': the row's tombstone), for last-writer-wins.
    op.execute("CREATE TABLE sync_versions (tbl TEXT NOT NULL, row_id TEXT NOT NULL, field TEXT NOT NULL, "
               "hlc TEXT NOT NULL, PRIMARY KEY (tbl, row_id, field)) WITHOUT ROWID")
    # What the domain rules found after a merge; the same id on every device (a hash of the kind and the rows).
    op.execute("CREATE TABLE sync_conflicts (id TEXT PRIMARY KEY, created_at TIMESTAMP, updated_at TIMESTAMP, "
               "kind TEXT NOT NULL, rows TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', resolved_at TEXT, "
               "resolved_by TEXT)")
    install_capture(op.get_bind())


def downgrade() -> None:
    remove_capture(op.get_bind())
    op.execute("DROP TABLE IF EXISTS sync_conflicts")
    op.execute("DROP TABLE IF EXISTS sync_versions")
    op.execute("DROP TABLE IF EXISTS sync_node")
    op.execute("DROP INDEX IF EXISTS ix_sync_outbox_unstamped")
    op.execute("DROP TABLE IF EXISTS sync_outbox")
