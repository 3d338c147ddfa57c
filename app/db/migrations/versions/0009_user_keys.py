"""Each account's shareable key record, synced so an account made on one device logs in on every device.

`user_keys` holds one row per account (id: the key-slot id, 'user:<username casefolded>', the same on every
device, so two devices writing one account's record merge into one row), its `record` the JSON of the slot's
public key and its private key wrapped under the password's Argon2id key (NULL: the account has no slot, e.g.
deactivated). See app/services/studio/user_keys.py. The capture triggers are regenerated for the new table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from alembic import op

from app.db.capture import install_capture

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE user_keys (id TEXT PRIMARY KEY, created_at TIMESTAMP, updated_at TIMESTAMP, record TEXT)")
    install_capture(op.get_bind())


def downgrade() -> None:
    for action in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS sync_cap_user_keys_{action}")
    op.execute("DROP TABLE IF EXISTS user_keys")
