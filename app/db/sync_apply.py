"""Apply changes from other devices of the studio: the merge rules by kind of data.

The rules (ARCHITECTURE.md carries a copy):
- Every change names a table, a row id, an operation, the fields it wrote and the row after the write, and carries
  the hybrid-logical-clock stamp of the transaction that made it (app/domain/hlc.py). Stamps are unique per device
  (the node id) and ordered the same way on every device, so "the later stamp wins" is the same decision everywhere.
- Editable records (clients, sessions, settings, users, register days, ink lots, plugin data, sync conflicts) merge
  last-writer-wins PER FIELD: a field takes a remote value only when the remote stamp is later than the stamp of
  the value it holds (`sync_versions`). Two devices editing different fields of one client both keep their edit.
- Append-only records (payments and their corrections, consents, inks used, medical versions, audit) are only ever
  inserted, so the same rule merges them as a union: each row arrives once and is kept. Money is never merged as a
  total: a payment is a row, and every sum is recomputed from the rows.
- Deletions are tombstones (field '-deleted' in `sync_versions`): a deleted row stays deleted; an edit stamped after
  the deletion is not applied and goes to the conflicts list instead of vanishing.
- A row that arrives with a unique natural key another row already holds (the same setting, register day, plugin
  key, username, ink lot, inks of a session, medical version) becomes ONE row under the smaller id on every device:
  the local row is renamed (and what refers to it follows), then the fields merge by stamp. For accounts and
  medical versions this is also a conflict to look at (two people, or two answers, were recorded as one), with the
  other row's values kept in the conflict.
- Arrival order does not matter (a field's value is decided by stamps, a missing row is created from the first
  change that names it and its other fields fill in when their own changes arrive), and applying a change twice
  changes nothing, so duplicated and reordered deliveries converge.
- After each batch the domain rules run again over every row the batch touched, including rows a merge renamed
  and the rows that refer to them (app/db/sync_rules.py): the open conflicts list is a function of the data, the
  same on every device. A merge's own conflict (two accounts or medical versions made one) keeps the other row's
  values as its detail; that detail syncs last-writer-wins, so every device keeps the same one.
Remote changes are applied with `sync_node.applying` = 1 so the capture triggers do not send them back out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from app.db import node as nodes
from app.db.capture import columns
from app.db.sync_rules import DAY, check_rules, conflict_id, record_conflict, share_details
from app.domain.hlc import Stamp, receive

TOMBSTONE = "-deleted"
NATURAL_KEYS = {"settings": ("key",), "plugin_data": ("plugin", "key"), "register_days": ("day",),
                "users": ("username",), "ink_lots": ("brand", "colour", "lot"),
                "session_inks": ("session_id", "ink_lot_id"), "medical_profiles": ("client_id", "version")}
MERGE_IS_A_CONFLICT = ("users", "medical_profiles")
SHARED = "-shared"  # in a batch's touched rows: the conflicts whose detail this device recorded


@dataclass(frozen=True)
class Change:
    """One captured write: what the outbox holds and what travels, sealed, between devices."""

    tbl: str
    row_id: str
    op: str
    fields: tuple[str, ...] | None
    row: dict | None
    hlc: str

    def to_json(self) -> dict:
        """The change as plain JSON."""
        return {"tbl": self.tbl, "row_id": self.row_id, "op": self.op, "fields": self.fields, "row": self.row,
                "hlc": self.hlc}

    @staticmethod
    def from_json(data: dict) -> Change:
        """Read a change written by `to_json`."""
        fields = tuple(data["fields"]) if data.get("fields") is not None else None
        return Change(data["tbl"], data["row_id"], data["op"], fields, data.get("row"), data["hlc"])


def outbox_after(conn: Connection, after_seq: int, limit: int) -> list[tuple[int, Change]]:
    """The stamped changes of this device after outbox position `after_seq`, oldest first."""
    rows = conn.exec_driver_sql("SELECT seq, tbl, row_id, op, fields, row, hlc FROM sync_outbox "
                                "WHERE seq > ? AND hlc IS NOT NULL ORDER BY seq LIMIT ?", (after_seq, limit))
    return [(r[0], Change(r[1], r[2], r[3], tuple(r[4].split(",")) if r[4] else None,
                          json.loads(r[5]) if r[5] else None, r[6])) for r in rows]


def apply_changes(conn: Connection, db_path: Path, changes: list[Change], clock_ms: int | None = None,
                  reference_ms: int | None = None) -> int:
    """Apply a batch of remote changes in the caller's transaction, then re-run the domain rules; return how many
    changes altered something. Raises ClockDriftError (nothing applied) for a stamp too far in the future."""
    node, last = nodes.ensure_node(conn, db_path)
    for change in changes:
        last = receive(last, Stamp.parse(change.hlc), nodes.now_ms() if clock_ms is None else clock_ms, node,
                       reference_ms)
    conn.exec_driver_sql("UPDATE sync_node SET last_hlc = coalesce(?, last_hlc), applying = 1 WHERE id = 1",
                         (last.text() if last is not None else None,))
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")  # a batch may name a row before the one it refers to
    touched: dict[str, set[str]] = defaultdict(set)
    applied = 0
    try:
        for change in changes:
            if _apply(conn, change, touched) is not None:
                applied += 1
        share_details(conn, touched.pop(SHARED, set()))
        check_rules(conn, touched)
    finally:
        conn.exec_driver_sql("UPDATE sync_node SET applying = 0 WHERE id = 1")
    return applied


def check_outgoing(conn: Connection, changes: list[Change]) -> None:
    """Run the domain rules over this device's own changes as they are sent, so the device that wrote both sides
    of a clash lists it like every device that receives them (in the caller's transaction, not captured)."""
    touched: dict[str, set[str]] = defaultdict(set)
    for change in changes:
        _touch(touched, change.tbl, change.row_id, change.row)
    conn.exec_driver_sql("UPDATE sync_node SET applying = 1 WHERE id = 1")
    try:
        check_rules(conn, touched)
    finally:
        conn.exec_driver_sql("UPDATE sync_node SET applying = 0 WHERE id = 1")


def _versions(conn: Connection, tbl: str, row_id: str) -> dict[str, str]:
    return dict(conn.exec_driver_sql("SELECT field, hlc FROM sync_versions WHERE tbl = ? AND row_id = ?",
                                     (tbl, row_id)).fetchall())


def _set_version(conn: Connection, tbl: str, row_id: str, field: str, hlc: str) -> None:
    conn.exec_driver_sql("INSERT INTO sync_versions(tbl, row_id, field, hlc) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
                         (tbl, row_id, field, hlc))


def _touch(touched: dict[str, set[str]], tbl: str, row_id: str, row: dict | None) -> None:
    """Note a row whose rules must be checked again (a register day also by its date)."""
    touched[tbl].add(row_id)
    if tbl == "register_days" and row and row.get("day"):
        touched[DAY].add(str(row["day"]))


def _apply(conn: Connection, change: Change, touched: dict[str, set[str]]) -> str | None:
    """Apply one change; return the id of the row it altered (None if it altered nothing), noting it in `touched`."""
    row_id = _apply_one(conn, change, touched)
    if row_id is not None:
        _touch(touched, change.tbl, row_id, change.row)
    return row_id


def _apply_one(conn: Connection, change: Change, touched: dict[str, set[str]]) -> str | None:
    versions = _versions(conn, change.tbl, change.row_id)
    tomb = versions.get(TOMBSTONE)
    if change.op == "delete":
        if tomb is not None and tomb >= change.hlc:
            return None
        if any(hlc > change.hlc for field, hlc in versions.items() if field != TOMBSTONE):
            record_conflict(conn, "edited_after_delete", [(change.tbl, change.row_id)])  # the edit made here is lost
        _set_version(conn, change.tbl, change.row_id, TOMBSTONE, change.hlc)
        conn.exec_driver_sql(f'DELETE FROM "{change.tbl}" WHERE id = ?', (change.row_id,))
        return change.row_id
    if tomb is not None:
        if change.hlc > tomb:
            record_conflict(conn, "edited_after_delete", [(change.tbl, change.row_id)])
        return None
    cols = columns(conn, change.tbl)
    row = change.row or {}
    values = {name: (bytes.fromhex(row[name]) if blob and row.get(name) is not None else row.get(name))
              for name, blob in cols if name in row}
    owned = [f for f in (change.fields or values) if f in values and f != "id"]
    row_id: str = change.row_id
    exists = conn.exec_driver_sql(f'SELECT 1 FROM "{change.tbl}" WHERE id = ?', (row_id,)).first() is not None
    if not exists:
        merged = _merge_natural_key(conn, change, values, touched)
        if merged is None:
            names, marks = ", ".join(f'"{c}"' for c in values), ", ".join("?" for _ in values)
            conn.exec_driver_sql(f'INSERT INTO "{change.tbl}" ({names}) VALUES ({marks})', tuple(values.values()))
            _first_close(conn, change, values, owned)
            for field in owned + (["id"] if change.op == "insert" else []):  # 'id': when the row was made
                _set_version(conn, change.tbl, change.row_id, field, change.hlc)
            return change.row_id
        row_id = merged
        versions = _versions(conn, change.tbl, row_id)
    earlier_close = _first_close(conn, change, values, owned)
    wins = [f for f in owned if change.hlc > versions.get(f, "")]
    if not wins:
        return row_id if earlier_close else None  # an earlier close changes what the rules find
    sets = ", ".join(f'"{f}" = ?' for f in wins)
    conn.exec_driver_sql(f'UPDATE "{change.tbl}" SET {sets} WHERE id = ?', (*[values[f] for f in wins], row_id))
    for field in wins:
        _set_version(conn, change.tbl, row_id, field, change.hlc)
    return row_id


def _first_close(conn: Connection, change: Change, values: dict, owned: list[str]) -> bool:
    """Keep the earliest close of a register day, by its date (see app/db/node.py); say if it became earlier."""
    if change.tbl != "register_days" or "closed_at" not in owned or values.get("closed_at") is None:
        return False
    before = conn.exec_driver_sql("SELECT hlc FROM sync_versions WHERE tbl = 'register_days' AND row_id = ? "
                                  "AND field = '-first_close'", (values["day"],)).scalar()
    if before is not None and before <= change.hlc:
        return False
    conn.exec_driver_sql("INSERT INTO sync_versions(tbl, row_id, field, hlc) VALUES ('register_days', ?, "
                             "'-first_close', ?) ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = "
                             "min(hlc, excluded.hlc)", (values["day"], change.hlc))
    return True


def _merge_natural_key(conn: Connection, change: Change, values: dict, touched: dict[str, set[str]]) -> str | None:
    """If another row holds the arriving row's natural key, make them one row under the smaller id; return it."""
    key = NATURAL_KEYS.get(change.tbl)
    if key is None or any(k not in values for k in key):
        return None
    where = " AND ".join(f'"{k}" = ?' for k in key)
    local = conn.exec_driver_sql(f'SELECT id FROM "{change.tbl}" WHERE {where}', tuple(values[k] for k in key)).first()
    if local is None:
        return None
    local_id = local[0]
    if change.tbl in MERGE_IS_A_CONFLICT:
        rows = [(change.tbl, local_id), (change.tbl, change.row_id)]
        if record_conflict(conn, "merged_" + change.tbl, rows, change.row):
            touched[SHARED].add(conflict_id("merged_" + change.tbl, rows))  # its detail is sent at the batch's end
    if change.row_id < local_id:
        _rename(conn, change.tbl, local_id, change.row_id, touched)
        return change.row_id
    return local_id


def _rename(conn: Connection, tbl: str, old: str, new: str, touched: dict[str, set[str]]) -> None:
    """Give row `old` of `tbl` the id `new`, with everything that refers to it (noted in `touched`: what refers to
    a merged account or day may now break a rule, or no longer) and its field stamps."""
    touched[tbl].update((old, new))
    conn.exec_driver_sql(f'UPDATE "{tbl}" SET id = ? WHERE id = ?', (new, old))
    tables = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for other in tables:
        for fk in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{other}")').fetchall():
            if fk[2] == tbl:
                touched[other].update(r[0] for r in conn.exec_driver_sql(
                    f'SELECT id FROM "{other}" WHERE "{fk[3]}" = ?', (old,)))
                conn.exec_driver_sql(f'UPDATE "{other}" SET "{fk[3]}" = ? WHERE "{fk[3]}" = ?', (new, old))
    conn.exec_driver_sql("INSERT INTO sync_versions(tbl, row_id, field, hlc) SELECT tbl, ?, field, hlc "
                         "FROM sync_versions WHERE tbl = ? AND row_id = ? "
                         "ON CONFLICT(tbl, row_id, field) DO UPDATE SET hlc = max(hlc, excluded.hlc)", (new, tbl, old))
    conn.exec_driver_sql("DELETE FROM sync_versions WHERE tbl = ? AND row_id = ?", (tbl, old))
