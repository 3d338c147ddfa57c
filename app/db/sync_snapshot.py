"""A studio snapshot for sync: the canonical dump of every synced table with the merge's per-field stamps, and its
loading into a brand-new database (a device joining from nothing).

What a snapshot holds (before it is compressed and sealed by the service): the schema revision it was read at, the
relay position it covers (`covers_seq`: every message up to it is in the rows), the writer's latest clock stamp, and
for each synced table (app/db/capture.py) its columns and rows (BLOB columns as hex, like the outbox), plus every row
of `sync_versions` (each field's stamp, tombstones '-deleted' and each register day's '-first_close'). With the
stamps, the loaded copy merges later changes exactly as the device that wrote the snapshot would: an older change
pulled after `covers_seq` loses to the newer value the snapshot already holds, a deleted row stays deleted.

Loading happens in the caller's ONE write transaction, so a crash or an error leaves the database as it was. It
refuses a database that already holds studio data (`is_fresh`) and a snapshot of another schema revision.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from app.db import capture
from app.db.node import ensure_node, now_ms
from app.db.sync_apply import TOMBSTONE, Change
from app.domain.hlc import Stamp, receive

FIRST_CLOSE = "-first_close"  # a register day's earliest close, by its date (app/db/node.py)

FORMAT = 1
# What `StudioService.create` writes into a new database: the studio's settings, its first admin (and the admin's
# key record, app.services.studio.user_keys) and the audit line.
INIT_TABLES = ("settings", "users", "user_keys", "audit_events")


@dataclass(frozen=True)
class Loaded:
    """What a load did: rows loaded, and the id the joining user has now (the studio's, if it knew the name)."""

    rows: int
    user_id: str
    user_was_known: bool


def position(conn: Connection) -> tuple[int, str]:
    """(the relay position this device pulled through, its node id)."""
    row = conn.exec_driver_sql("SELECT pulled_seq, node_id FROM sync_node WHERE id = 1").one()
    return int(row[0]), str(row[1])


def set_pull_position(conn: Connection, seq: int, reset_push: bool = False) -> None:
    """Set the relay position this device pulled through (a joining device: PENDING, then the snapshot's); with
    `reset_push`, its outbox starts over too (what the load left in it is all still to send)."""
    sql = "UPDATE sync_node SET pulled_seq = ?" + (", pushed_seq = 0" if reset_push else "") + " WHERE id = 1"
    conn.exec_driver_sql(sql, (seq,))


def revision(conn: Connection) -> str:
    """The database's schema revision (alembic)."""
    return str(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() or "")


def is_fresh(conn: Connection) -> bool:
    """Whether this database holds only what creating a studio writes (its settings, one user, audit lines): the
    only kind a snapshot may be loaded into (whether it is paired is the caller's question)."""
    for table in capture.SYNCED:
        if table in INIT_TABLES:
            continue
        if conn.exec_driver_sql(f'SELECT 1 FROM "{table}" LIMIT 1').first() is not None:
            return False
    return conn.exec_driver_sql("SELECT count(*) FROM users").scalar() == 1


def dump(conn: Connection, covers_seq: int) -> dict[str, Any]:
    """The snapshot document of this database, read in the caller's (read) transaction."""
    tables: dict[str, Any] = {}
    for table in capture.SYNCED:
        cols = capture.columns(conn, table)
        blobs = [i for i, (_name, blob) in enumerate(cols) if blob]
        rows = []
        for row in conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY id'):
            values = list(row)
            for i in blobs:
                if values[i] is not None:
                    values[i] = bytes(values[i]).hex()
            rows.append(values)
        tables[table] = {"columns": [name for name, _blob in cols], "blobs": blobs, "rows": rows}
    versions: list[list[Any]] = []  # [[tbl, row_id, [[hlc, [field, ...]], ...]], ...]: a row's fields share stamps
    for tbl, row_id, hlc, fields in conn.exec_driver_sql(
            "SELECT tbl, row_id, hlc, json_group_array(field) FROM sync_versions GROUP BY tbl, row_id, hlc "
            "ORDER BY tbl, row_id, hlc"):
        if not versions or versions[-1][0] != tbl or versions[-1][1] != row_id:
            versions.append([tbl, row_id, []])
        versions[-1][2].append([hlc, json.loads(fields)])
    last = conn.exec_driver_sql("SELECT last_hlc FROM sync_node WHERE id = 1").scalar()
    return {"format": FORMAT, "revision": revision(conn), "covers_seq": covers_seq, "last_hlc": last,
            "tables": tables, "versions": versions}


def pack(doc: dict[str, Any]) -> bytes:
    """The document as compressed JSON (the plaintext the service seals)."""
    return zlib.compress(json.dumps(doc, separators=(",", ":")).encode(), 6)


def unpack(data: bytes) -> dict[str, Any]:
    """Read what `pack` wrote; ValueError if it is not a snapshot of this format."""
    try:
        doc = json.loads(zlib.decompress(data))
    except (zlib.error, ValueError) as exc:
        raise ValueError("not a snapshot") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("tables"), dict):
        raise ValueError("not a snapshot")
    return doc


def load(conn: Connection, db_path: Path, doc: dict[str, Any]) -> Loaded:
    """Replace this fresh database's studio data by the snapshot's, in the caller's write transaction (capture
    already enabled by the pairing). The one local user (who joined) keeps an account: the studio's row of the same
    username when it has one (the key slot on this stick is found by username, so the password keeps opening the
    studio, with the studio's role and name for that account), else the local row, queued in the outbox so the
    other devices learn of it. The local settings and audit lines `init` wrote, and anything captured while the
    device waited for its snapshot, are dropped: the studio's own replace them."""
    node, last = ensure_node(conn, db_path)
    conn.exec_driver_sql("UPDATE sync_node SET applying = 1 WHERE id = 1")
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    try:
        local, username = conn.exec_driver_sql("SELECT id, username FROM users").one()
        local_records = [row[0] for row in conn.exec_driver_sql("SELECT id FROM user_keys")]
        known = _studio_user(doc, username)
        for table in ("audit_events", "settings", "sync_outbox", "sync_versions"):
            conn.exec_driver_sql(f'DELETE FROM "{table}"')
        if known is not None:  # the studio's account, and its key record, replace the local ones
            conn.exec_driver_sql("DELETE FROM users WHERE id = ?", (local,))
            conn.exec_driver_sql("DELETE FROM user_keys")
        loaded = sum(_insert(conn, table, doc["tables"].get(table)) for table in capture.SYNCED)
        conn.exec_driver_sql("INSERT INTO sync_versions(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?)",
                             [(tbl, row_id, field, hlc) for tbl, row_id, stamps in doc.get("versions", [])
                              for hlc, fields in stamps for field in fields])
        if doc.get("last_hlc"):
            top = receive(last, Stamp.parse(doc["last_hlc"]), now_ms(), node)
            conn.exec_driver_sql("UPDATE sync_node SET last_hlc = ? WHERE id = 1", (top.text(),))
    finally:
        conn.exec_driver_sql("UPDATE sync_node SET applying = 0 WHERE id = 1")
    if known is None:  # a new account of the studio, made on this device: it and its key record travel as inserts
        for table, row_id in [("users", local), *(("user_keys", record) for record in local_records)]:
            row_json = capture.row_json(capture.columns(conn, table)).replace("NEW.", "t.")
            conn.exec_driver_sql(f"INSERT INTO sync_outbox(tbl, row_id, op, fields, row) SELECT '{table}', t.id, "
                                 f"'insert', NULL, {row_json} FROM \"{table}\" t WHERE t.id = ?", (row_id,))
    return Loaded(loaded, known or str(local), known is not None)


def _studio_user(doc: dict[str, Any], username: str) -> str | None:
    users = doc["tables"].get("users") or {"columns": [], "rows": []}
    cols = users["columns"]
    if "username" not in cols:
        return None
    at, key = cols.index("username"), cols.index("id")
    for row in users["rows"]:
        if str(row[at]).casefold() == username.casefold():  # the column is NOCASE, as the login is
            return str(row[key])
    return None


def _insert(conn: Connection, table: str, part: dict[str, Any] | None) -> int:
    if not part or not part["rows"]:
        return 0
    blobs = set(part.get("blobs", []))
    rows = [tuple(bytes.fromhex(v) if i in blobs and v is not None else v for i, v in enumerate(row))
            for row in part["rows"]]
    rows = _parents_first(conn, table, part["columns"], rows)
    names = ", ".join(f'"{c}"' for c in part["columns"])
    marks = ", ".join("?" for _ in part["columns"])
    conn.exec_driver_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    return len(rows)


def _parents_first(conn: Connection, table: str, columns: list[str], rows: list[tuple]) -> list[tuple]:
    """The rows ordered so a row another row of the table refers to (a corrected payment) comes first. With foreign
    keys deferred, one row inserted before its parent makes SQLite search the table for children at every later
    insert: the load of a studio's payments went from seconds to minutes."""
    own = [columns.index(fk[3]) for fk in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")')
           if fk[2] == table and fk[3] in columns]
    if not own or "id" not in columns:
        return rows
    at = columns.index("id")
    parents = {row[at]: [row[i] for i in own if row[i] is not None] for row in rows}
    depth: dict[object, int] = {}

    def depth_of(row_id: object) -> int:
        chain, seen = [row_id], {row_id}
        while chain:
            top = chain[-1]
            waiting = [p for p in parents.get(top, []) if p in parents and p not in depth and p not in seen]
            if waiting:
                chain.extend(waiting)
                seen.update(waiting)
                continue
            chain.pop()
            depth[top] = 1 + max((depth.get(p, 0) for p in parents.get(top, []) if p in parents), default=-1)
        return depth[row_id]

    return sorted(rows, key=lambda row: depth[row[at]] if row[at] in depth else depth_of(row[at]))


def as_changes(doc: dict[str, Any]) -> tuple[list[Change], list[tuple[str, str]]]:
    """The snapshot as the changes that made it, for a device that holds data and missed messages the relay has
    compacted since: one change per row and clock value (the fields that value last wrote, with the row's values,
    which are those fields' latest), a deletion per tombstone, in clock order. Merged like any pulled page, they
    lose where this device holds something newer, so nothing it wrote is overwritten by older data. Also returns
    the register days' first-close stamps, (day, clock value), which merge as the earliest."""
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for table, part in doc["tables"].items():
        cols = part["columns"]
        if "id" in cols:
            at = cols.index("id")
            rows[table] = {str(row[at]): dict(zip(cols, row, strict=True)) for row in part["rows"]}
    changes: list[Change] = []
    first_closes: list[tuple[str, str]] = []
    for tbl, row_id, stamps in doc.get("versions", []):
        for hlc, fields in stamps:
            if TOMBSTONE in fields:
                changes.append(Change(tbl, row_id, "delete", None, None, hlc))
                continue
            if FIRST_CLOSE in fields:
                first_closes.append((row_id, hlc))
            written = tuple(f for f in fields if f != FIRST_CLOSE)
            row = rows.get(tbl, {}).get(row_id)
            if row is not None and written:
                changes.append(Change(tbl, row_id, "insert" if "id" in written else "update", written, row, hlc))
    changes.sort(key=lambda change: change.hlc)
    return changes, first_closes


def merge_first_closes(conn: Connection, first_closes: list[tuple[str, str]]) -> None:
    """Keep each register day's earliest close stamp (what `as_changes` returned beside the changes)."""
    if not first_closes:
        return
    conn.exec_driver_sql("INSERT INTO sync_versions(tbl, row_id, field, hlc) VALUES ('register_days', ?, ?, ?) "
                         "ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = min(hlc, excluded.hlc)",
                         [(day, FIRST_CLOSE, hlc) for day, hlc in first_closes])
