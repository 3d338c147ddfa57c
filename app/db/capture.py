"""Change capture for sync: triggers append every write of a synced table to `sync_outbox`, in the same transaction.

Why triggers and not repository code or ORM events: writes reach the database through Core statements, bulk
inserts (the demo generator, imports), raw SQL in migrations and restores; a trigger sees every one of them, and
because it runs inside the statement it is in the writer's transaction by construction (a rolled-back write leaves
no outbox row, a committed one always has its row). The triggers are generated from the live schema
(`PRAGMA table_info`), so `install_capture()` must run again in any migration that adds or removes a column of
a synced table; `stale_triggers()` names the tables whose triggers no longer match (a test keeps that honest).

An outbox row holds the table, the row id, the operation (insert/update/delete), the changed column names (updates
only), the row as JSON after the write (BLOB columns as hex; none for a delete) and the hybrid-logical-clock stamp.
The stamp is written by `stamp_pending()`, which `Database.write()` calls just before each commit: one stamp per
transaction (the rows of one transaction keep their order by `seq`). Writes made outside `write()` (migrations,
`exclusive()`) are stamped by the next write or by the sync before it pushes.

Which tables sync (see app/db/sync_apply.py for how each kind merges):
- EDITABLE, last-writer-wins per field: settings, users, clients, sessions, register_days, ink_lots, plugin_data,
  sync_conflicts (every device finds the same conflicts itself; marking one resolved syncs), and user_keys (each
  account's Argon2id-wrapped key record, so it logs in on every device: app/services/studio/user_keys.py).
- APPEND_ONLY, merged as a union: payments (corrections are new rows), consents, intake_consents, session_inks,
  medical_profiles (each version a row), audit_events.
- Local, never synced: alembic_version, the client_search index (rebuilt from clients by its own triggers), the
  sync bookkeeping itself (sync_outbox, sync_node, sync_versions), and what belongs to this device (DEVICE_ONLY:
  plugin approvals, QR codes and the registrations phones sent to this device's listener). Backups' bookkeeping
  lives in files, not tables.
The triggers capture only once the studio is paired with a relay (`sync_node.capturing` = 1, set by
`app.db.node.enable_capture`): before that a studio that never syncs would grow an outbox nobody reads, and the first
sync sends a snapshot of the whole studio anyway. While remote changes are applied, `sync_node.applying` is 1 and
the triggers stay quiet, so nothing echoes back.
"""

from __future__ import annotations

from sqlalchemy import Connection

EDITABLE = ("settings", "users", "clients", "sessions", "register_days", "ink_lots", "plugin_data", "sync_conflicts",
            "user_keys")
APPEND_ONLY = ("payments", "consents", "intake_consents", "session_inks", "medical_profiles", "audit_events")
SYNCED = EDITABLE + APPEND_ONLY
# this device's own: an approval pins a plugin file on this stick; a QR code and what phones sent to it belong to
# the listener that took them (once accepted, the client, medical version and consent sync like any other)
DEVICE_ONLY = ("plugin_approvals", "intake_codes", "pending_registrations")
LOCAL = ("alembic_version", "client_search", "sync_outbox", "sync_node", "sync_versions", *DEVICE_ONLY)
QUIET = "EXISTS (SELECT 1 FROM sync_node WHERE id = 1 AND capturing = 1 AND applying = 0)"
OPS = ("insert", "update", "delete")


def columns(conn: Connection, table: str) -> list[tuple[str, bool]]:
    """The table's columns as (name, is_blob), in schema order."""
    rows = conn.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()
    return [(row[1], str(row[2]).upper() == "BLOB") for row in rows]


def row_json(cols: list[tuple[str, bool]]) -> str:
    """SQL building the JSON of a row from NEW.<column> (BLOB columns as hex)."""
    parts = [f"'{name}', " + (f'hex(NEW."{name}")' if blob else f'NEW."{name}"') for name, blob in cols]
    return f"json_object({', '.join(parts)})"


def trigger_sql(table: str, cols: list[tuple[str, bool]]) -> dict[str, str]:
    """The three CREATE TRIGGER statements that capture `table`, keyed by operation."""
    insert = (f'CREATE TRIGGER sync_cap_{table}_insert AFTER INSERT ON "{table}" WHEN {QUIET} BEGIN '
              f"INSERT INTO sync_outbox(tbl, row_id, op, fields, row) "
              f"VALUES ('{table}', NEW.id, 'insert', NULL, {row_json(cols)}); END")
    differs = " OR ".join(f'OLD."{name}" IS NOT NEW."{name}"' for name, _blob in cols)
    changed = " || ".join(f"""CASE WHEN OLD."{name}" IS NOT NEW."{name}" THEN '{name},' ELSE '' END"""
                          for name, _blob in cols)
    update = (f'CREATE TRIGGER sync_cap_{table}_update AFTER UPDATE ON "{table}" WHEN {QUIET} AND ({differs}) '
              f"BEGIN INSERT INTO sync_outbox(tbl, row_id, op, fields, row) "
              f"VALUES ('{table}', NEW.id, 'update', rtrim({changed}, ','), {row_json(cols)}); END")
    delete = (f'CREATE TRIGGER sync_cap_{table}_delete AFTER DELETE ON "{table}" WHEN {QUIET} BEGIN '
              f"INSERT INTO sync_outbox(tbl, row_id, op, fields, row) "
              f"VALUES ('{table}', OLD.id, 'delete', NULL, NULL); END")
    return {"insert": insert, "update": update, "delete": delete}


def install_capture(conn: Connection) -> None:
    """(Re)create the capture triggers of every synced table from its current columns (a table a later migration
    makes is skipped: that migration installs its triggers)."""
    for table in SYNCED:
        cols = columns(conn, table)
        if not cols:
            continue
        for op, sql in trigger_sql(table, cols).items():
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS sync_cap_{table}_{op}")
            conn.exec_driver_sql(sql)


def remove_capture(conn: Connection) -> None:
    """Drop every capture trigger (the migration's downgrade)."""
    for table in SYNCED:
        for op in OPS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS sync_cap_{table}_{op}")


def stale_triggers(conn: Connection) -> list[str]:
    """The synced tables whose capture triggers are missing or no longer match the table's columns."""
    installed: dict[str, str] = dict(conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync_cap_%'").fetchall())
    stale = []
    for table in SYNCED:
        wanted = trigger_sql(table, columns(conn, table))
        if any(installed.get(f"sync_cap_{table}_{op}") != sql for op, sql in wanted.items()):
            stale.append(table)
    return stale
