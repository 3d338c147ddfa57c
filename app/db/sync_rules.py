"""The domain rules a merge can break, checked again over every row a batch of changes touched.

The open conflicts list is a function of the converged data, so it is the same on every device whatever order the
changes arrived in. Two kinds of conflicts:
- STATE conflicts hold or not in the data as it is now. Each device re-checks every one that involves a row a
  batch touched (remote changes after they are applied, its own changes as they are pushed): a clash that holds is
  listed (or reopened), one that no longer holds is closed, not deleted, "resolved by a later change"
  (`resolved_by` = LATER_CHANGE, a local note that never syncs). Found:
  - double_booking: two live sessions of one artist overlap (both bookings are kept; someone must move one);
  - payment_on_closed_day: a payment counts in a register day that a device closed before the payment was taken
    (its stamp is later than the day's FIRST close, kept by date): the day's count no longer matches;
  - inactive_user_wrote: a payment taken by an account after another device deactivated it.
- EVENT conflicts record what a merge did (edited_after_delete, merged_users, merged_medical_profiles: see
  app/db/sync_apply.py); every device that holds both sides finds them, and they stay until a person resolves them.
A conflict's id is a hash of its kind and the rows involved, so devices finding the same clash write the same row.
A person marking a conflict resolved (`resolved_at` and `resolved_by` = their user id, a normal captured write)
syncs last-writer-wins like any editable field; a later change never reopens what a person resolved.
Nothing is changed or dropped by a rule: it only records.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import Connection, String, and_, func, select

from app.db.models import Base
from app.domain.booking import LIVE_STATUSES, overlaps

SESSIONS = Base.metadata.tables["sessions"]
STATE_KINDS = ("double_booking", "payment_on_closed_day", "inactive_user_wrote")
LATER_CHANGE = "-later-change"  # resolved_by of a conflict a later change undid (never a user id)
DAY = "register_day"  # a register day in a conflict's rows, by its date (two devices' rows of one day become one)
Row = tuple[str, str]


def conflict_id(kind: str, rows: list[Row]) -> str:
    """The same id for the same clash on every device."""
    return hashlib.sha256(json.dumps([kind, sorted(rows)]).encode()).hexdigest()[:32]


def record_conflict(conn: Connection, kind: str, rows: list[Row], detail: object = None) -> bool:
    """Add a conflict to the list unless it is there already; return whether it was added."""
    added = conn.exec_driver_sql("INSERT OR IGNORE INTO sync_conflicts(id, kind, rows, detail) VALUES (?, ?, ?, ?)",
                                 (conflict_id(kind, rows), kind, json.dumps(sorted(rows)),
                                  json.dumps(detail, sort_keys=True) if detail is not None else ""))
    return bool(added.rowcount)


def share_details(conn: Connection, ids: set[str]) -> None:
    """Send out (captured) the detail of the conflicts this batch recorded: which device's detail a conflict keeps
    then merges last-writer-wins like any field, so every device ends with the same one whatever order it merged
    in. Done after the whole batch, so a remote detail applied later in the batch cannot hide under this stamp."""
    for cid in sorted(ids):
        detail = conn.exec_driver_sql("SELECT detail FROM sync_conflicts WHERE id = ?", (cid,)).scalar()
        conn.exec_driver_sql("UPDATE sync_conflicts SET detail = '' WHERE id = ?", (cid,))  # not captured
        conn.exec_driver_sql("UPDATE sync_node SET applying = 0 WHERE id = 1")
        conn.exec_driver_sql("UPDATE sync_conflicts SET detail = ? WHERE id = ?", (detail, cid))  # captured
        conn.exec_driver_sql("UPDATE sync_node SET applying = 1 WHERE id = 1")


def check_rules(conn: Connection, touched: dict[str, set[str]]) -> None:
    """Re-check every state conflict involving a touched row: list what holds, close what no longer does."""
    touched = _widen(conn, touched)
    holding = (_double_bookings(conn, touched.get("sessions", set()))
               | _payments_on_closed_days(conn, touched.get("payments", set()), touched.get(DAY, set()))
               | _inactive_users(conn, touched.get("payments", set()), touched.get("users", set())))
    listed = {r[0]: r for r in conn.exec_driver_sql(
        "SELECT id, kind, rows, resolved_at, resolved_by FROM sync_conflicts WHERE kind IN (?, ?, ?)", STATE_KINDS)}
    for kind, rows in sorted(holding):
        found = listed.get(conflict_id(kind, list(rows)))
        if found is None:
            record_conflict(conn, kind, list(rows))
        elif found[4] == LATER_CHANGE:  # it holds again: reopen what a later change had closed
            conn.exec_driver_sql("UPDATE sync_conflicts SET resolved_at = NULL, resolved_by = NULL WHERE id = ?",
                                 (found[0],))
    now = datetime.now(UTC).isoformat()
    holding_ids = {conflict_id(kind, list(rows)) for kind, rows in holding}
    for cid, _kind, rows, resolved_at, _by in listed.values():
        involved = {(tbl, row_id) for tbl, row_id in json.loads(rows)}
        if resolved_at is None and cid not in holding_ids and any(r in touched.get(t, ()) for t, r in involved):
            conn.exec_driver_sql("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ? WHERE id = ?",
                                 (now, LATER_CHANGE, cid))


def _widen(conn: Connection, touched: dict[str, set[str]]) -> dict[str, set[str]]:
    """Add the dates of touched register days, and the rows of touched conflicts (a person's mark arrived)."""
    wide = {tbl: set(ids) for tbl, ids in touched.items()}
    days = wide.setdefault(DAY, set())
    for chunk in _chunks(touched.get("register_days", set())):
        days.update(str(r[0]) for r in conn.exec_driver_sql(
            f"SELECT day FROM register_days WHERE id IN ({_marks(chunk)})", tuple(chunk)))
    for chunk in _chunks(touched.get("sync_conflicts", set())):
        for (rows,) in conn.exec_driver_sql(f"SELECT rows FROM sync_conflicts WHERE id IN ({_marks(chunk)})",
                                            tuple(chunk)):
            for tbl, row_id in json.loads(rows):
                wide.setdefault(tbl, set()).add(row_id)
    return wide


def _chunks(ids: set[str]) -> list[list[str]]:
    ordered = sorted(ids)
    return [ordered[i:i + 500] for i in range(0, len(ordered), 500)]


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" for _ in chunk)


Found = set[tuple[str, tuple[Row, ...]]]


def _found(kind: str, *rows: Row) -> tuple[str, tuple[Row, ...]]:
    return kind, tuple(sorted(rows))


def _double_bookings(conn: Connection, ids: set[str]) -> Found:
    found: Found = set()
    if not ids:
        return found
    # One query per 500 sessions, and only over sessions that can overlap (starting within the longest session
    # before this one ends), which the index on (artist_id, starts_at) finds; overlaps() then decides exactly.
    longest = int(conn.exec_driver_sql("SELECT max(duration_min) FROM sessions").scalar() or 0)
    mine, other = SESSIONS.alias("mine"), SESSIONS.alias("other")
    ends = func.datetime(mine.c.starts_at, "+" + mine.c.duration_min.cast(String) + " minutes")
    for chunk in _chunks(ids):
        pairs = conn.execute(select(mine.c.id, mine.c.starts_at, mine.c.duration_min, other.c.id, other.c.starts_at,
                                    other.c.duration_min).join_from(mine, other, and_(
            other.c.artist_id == mine.c.artist_id, other.c.id != mine.c.id, other.c.status.in_(LIVE_STATUSES),
            other.c.starts_at >= func.datetime(mine.c.starts_at, f"-{longest} minutes"), other.c.starts_at < ends))
            .where(mine.c.id.in_(chunk), mine.c.status.in_(LIVE_STATUSES)))
        for sid, starts, minutes, other_id, other_starts, other_minutes in pairs:
            if overlaps(starts, minutes, other_starts, other_minutes, 0):
                found.add(_found("double_booking", ("sessions", sid), ("sessions", other_id)))
    return found


def _stamp(conn: Connection, tbl: str, row_id: str, field: str) -> str | None:
    return conn.exec_driver_sql("SELECT hlc FROM sync_versions WHERE tbl = ? AND row_id = ? AND field = ?",
                                (tbl, row_id, field)).scalar()


def _pairs(conn: Connection, sql: str, left: set[str], right: set[str], right_column: str = "id") -> set[tuple]:
    """Rows of `sql` (selecting a left id, a right id, ...) whose left id is in `left` or right key in `right`."""
    found: set[tuple] = set()
    for ids, column in ((left, "a.id"), (right, f"b.{right_column}")):
        for chunk in _chunks(ids):
            found.update(tuple(r) for r in conn.exec_driver_sql(f"{sql} AND {column} IN ({_marks(chunk)})",
                                                                tuple(chunk)))
    return found


def _payments_on_closed_days(conn: Connection, payments: set[str], days: set[str]) -> Found:
    sql = ("SELECT a.id, b.day FROM payments a JOIN register_days b ON b.day = a.register_day "
           "WHERE b.closed_at IS NOT NULL")
    found: Found = set()
    for payment_id, day in sorted(_pairs(conn, sql, payments, days, right_column="day")):
        closed = _stamp(conn, "register_days", str(day), "-first_close")  # the earliest close, the same everywhere
        taken = _stamp(conn, "payments", payment_id, "id")
        if closed is not None and taken is not None and taken > closed:
            found.add(_found("payment_on_closed_day", ("payments", payment_id), (DAY, str(day))))
    return found


def _inactive_users(conn: Connection, payments: set[str], users: set[str]) -> Found:
    sql = "SELECT a.id, b.id FROM payments a JOIN users b ON b.id = a.taken_by WHERE b.active = 0"
    found: Found = set()
    for payment_id, user_id in sorted(_pairs(conn, sql, payments, users)):
        off, taken = _stamp(conn, "users", user_id, "active"), _stamp(conn, "payments", payment_id, "id")
        if off is not None and taken is not None and taken > off:
            found.add(_found("inactive_user_wrote", ("payments", payment_id), ("users", user_id)))
    return found
