"""The `user_keys` table: each account's key record (JSON), synced like any editable row (see migration 0009)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def put(conn: Connection, slot_id: str, record: dict[str, Any] | None) -> None:
    """Store (or, with None, clear) the key record of the account whose slot id is `slot_id`."""
    text = json.dumps(record, sort_keys=True) if record is not None else None
    conn.exec_driver_sql("INSERT INTO user_keys(id, created_at, updated_at, record) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at "
                         "WHERE record IS NOT excluded.record", (slot_id, _now(), _now(), text))


def add_missing(conn: Connection, slot_id: str, record: dict[str, Any]) -> bool:
    """Store a record only where the account has none yet (not even a cleared one); return whether it was stored."""
    done = conn.exec_driver_sql("INSERT INTO user_keys(id, created_at, updated_at, record) VALUES (?, ?, ?, ?) "
                                "ON CONFLICT(id) DO NOTHING",
                                (slot_id, _now(), _now(), json.dumps(record, sort_keys=True)))
    return bool(done.rowcount)


def all_records(conn: Connection) -> dict[str, dict[str, Any] | None]:
    """Every account's record by slot id (None: cleared); a record that is not valid JSON counts as cleared."""
    found: dict[str, dict[str, Any] | None] = {}
    for slot_id, text in conn.exec_driver_sql("SELECT id, record FROM user_keys"):
        try:
            value = json.loads(text) if text is not None else None
        except ValueError:
            value = None
        found[slot_id] = value if isinstance(value, dict) else None
    return found
