"""This device's sync identity (its node id) and the stamping of captured changes with the hybrid logical clock.

The node id lives in two places that must agree: the `sync_node` row inside the database and a small plaintext
file beside it (`studio.db.node`, a random id, nothing personal). A database that arrives without its twin — a
backup restored over the live file (the restore also deletes the file, see `forget_node`), a studio file copied
onto another stick, a file from another device — finds the two disagreeing at its next write and takes a fresh
node id, so two copies never stamp different changes with the same clock value and node. The row also keeps the
latest clock stamp, so the clock never runs backwards across restarts even when the computer's clock does.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from sqlalchemy import Connection

from app.domain.hlc import Stamp, tick

_UPSERT = ("INSERT INTO sync_versions(tbl, row_id, field, hlc) SELECT o.tbl, o.row_id, {field}, ? "
           "FROM sync_outbox o{join} WHERE o.hlc IS NULL AND o.op = '{op}' "
           "ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = excluded.hlc")
VERSION_SQL = (
    _UPSERT.format(field="j.key", join=", json_each(o.row) j", op="insert"),
    _UPSERT.format(field="j.value", join=""", json_each('["' || replace(o.fields, ',', '","') || '"]') j""",
                   op="update"),
    _UPSERT.format(field="'-deleted'", join="", op="delete"),
    # The earliest close of each register day, by its date (rows of one day made on two devices become one):
    # whether a payment landed on a closed day is judged against the first close, the same on every device.
    "INSERT INTO sync_versions(tbl, row_id, field, hlc) SELECT 'register_days', json_extract(o.row, '$.day'), "
    "'-first_close', ? FROM sync_outbox o WHERE o.hlc IS NULL AND o.tbl = 'register_days' AND o.op != 'delete' "
    "AND json_extract(o.row, '$.closed_at') IS NOT NULL AND (o.op = 'insert' OR ',' || o.fields || ',' LIKE "
    "'%,closed_at,%') ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = min(hlc, excluded.hlc)",
)


def node_file(db_path: Path) -> Path:
    """The file beside the database that holds its node id."""
    return db_path.with_name(db_path.name + ".node")


def forget_node(db_path: Path) -> None:
    """Make the database at `db_path` take a new node id at its next write (after a restore swapped it in)."""
    node_file(db_path).unlink(missing_ok=True)


def has_sync_tables(conn: Connection) -> bool:
    """Whether this database is at a revision with the sync outbox (0008 or later)."""
    return conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_node'").scalar() == 1


def ensure_node(conn: Connection, db_path: Path) -> tuple[str, Stamp | None]:
    """This database's node id and latest stamp, minting a new node id when the file and the row disagree."""
    row = conn.exec_driver_sql("SELECT node_id, last_hlc FROM sync_node WHERE id = 1").first()
    path = node_file(db_path)
    try:
        on_file = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        on_file = None
    last = Stamp.parse(row[1]) if row is not None and row[1] else None
    if row is not None and row[0] == on_file:
        return row[0], last
    node = uuid.uuid4().hex
    if row is None:
        conn.exec_driver_sql("INSERT INTO sync_node(id, node_id) VALUES (1, ?)", (node,))
    else:
        conn.exec_driver_sql("UPDATE sync_node SET node_id = ? WHERE id = 1", (node,))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(node + "\n", encoding="ascii")
    os.replace(tmp, path)  # if the transaction then rolls back, the next write simply mints another id
    return node, last


def enable_capture(conn: Connection, db_path: Path) -> str:
    """Start capturing this studio's writes into the outbox (when it is paired); return its node id."""
    node, _last = ensure_node(conn, db_path)
    conn.exec_driver_sql("UPDATE sync_node SET capturing = 1 WHERE id = 1")
    return node


def now_ms() -> int:
    """The computer's clock in Unix milliseconds."""
    return time.time_ns() // 1_000_000


def stamp_pending(conn: Connection, db_path: Path, clock_ms: int | None = None) -> str | None:
    """Stamp the captured changes not stamped yet with one new clock value; return it (None if there were none).
    Runs inside the caller's write transaction, so the stamp commits with the changes it stamps."""
    if not has_sync_tables(conn):
        return None
    if conn.exec_driver_sql("SELECT 1 FROM sync_outbox WHERE hlc IS NULL LIMIT 1").first() is None:
        return None
    node, last = ensure_node(conn, db_path)
    stamp = tick(last, now_ms() if clock_ms is None else clock_ms, node).text()
    for sql in VERSION_SQL:  # each written field's stamp, for last-writer-wins against remote changes
        conn.exec_driver_sql(sql, (stamp,))
    conn.exec_driver_sql("UPDATE sync_outbox SET hlc = ? WHERE hlc IS NULL", (stamp,))
    conn.exec_driver_sql("UPDATE sync_node SET last_hlc = ? WHERE id = 1", (stamp,))
    return stamp
