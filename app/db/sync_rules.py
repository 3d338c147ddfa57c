"""The domain rules a merge can break, checked again after each batch of remote changes.

Each device checks what it has just applied, so every device that holds both sides of a clash finds it, and gives
it the same id (a hash of its kind and the rows involved): the conflicts list is the same on every device, and a
conflict marked resolved on one device is resolved everywhere (sync_conflicts syncs last-writer-wins). Found:
- double_booking: two live sessions of one artist overlap (both bookings are kept; someone must move one);
- payment_on_closed_day: a payment counts in a register day that a device closed before the payment was taken
  (its stamp is later than the day's FIRST close, kept by date): the day's count no longer matches;
- inactive_user_wrote: a payment taken by an account after another device deactivated it;
- edited_after_delete, merged_users, merged_medical_profiles: see app/db/sync_apply.py.
Nothing is changed or dropped by a rule: it only records.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import Connection, String, and_, func, select

from app.db.models import Base
from app.domain.booking import LIVE_STATUSES, overlaps

SESSIONS = Base.metadata.tables["sessions"]


def conflict_id(kind: str, rows: list[tuple[str, str]]) -> str:
    """The same id for the same clash on every device."""
    return hashlib.sha256(json.dumps([kind, sorted(rows)]).encode()).hexdigest()[:32]


def record_conflict(conn: Connection, kind: str, rows: list[tuple[str, str]], detail: object = None) -> None:
    """Add a conflict to the list unless it is there already."""
    conn.exec_driver_sql("INSERT OR IGNORE INTO sync_conflicts(id, kind, rows, detail) VALUES (?, ?, ?, ?)",
                         (conflict_id(kind, rows), kind, json.dumps(sorted(rows)),
                          json.dumps(detail, sort_keys=True) if detail is not None else ""))


def check_rules(conn: Connection, touched: dict[str, set[str]]) -> None:
    """Run every rule over the rows a batch touched."""
    _double_bookings(conn, touched.get("sessions", set()))
    _payments_on_closed_days(conn, touched.get("payments", set()), touched.get("register_days", set()))
    _inactive_users(conn, touched.get("payments", set()), touched.get("users", set()))


def _double_bookings(conn: Connection, ids: set[str]) -> None:
    if not ids:
        return
    # One query per 500 sessions, and only over sessions that can overlap (starting within the longest session
    # before this one ends), which the index on (artist_id, starts_at) finds; overlaps() then decides exactly.
    longest = int(conn.exec_driver_sql("SELECT max(duration_min) FROM sessions").scalar() or 0)
    mine, other = SESSIONS.alias("mine"), SESSIONS.alias("other")
    ends = func.datetime(mine.c.starts_at, "+" + mine.c.duration_min.cast(String) + " minutes")
    for chunk in (sorted(ids)[i:i + 500] for i in range(0, len(ids), 500)):
        pairs = conn.execute(select(mine.c.id, mine.c.starts_at, mine.c.duration_min, other.c.id, other.c.starts_at,
                                    other.c.duration_min).join_from(mine, other, and_(
            other.c.artist_id == mine.c.artist_id, other.c.id != mine.c.id, other.c.status.in_(LIVE_STATUSES),
            other.c.starts_at >= func.datetime(mine.c.starts_at, f"-{longest} minutes"), other.c.starts_at < ends))
            .where(mine.c.id.in_(chunk), mine.c.status.in_(LIVE_STATUSES)).order_by(mine.c.id, other.c.id))
        for sid, starts, minutes, other_id, other_starts, other_minutes in pairs:
            if overlaps(starts, minutes, other_starts, other_minutes, 0):
                record_conflict(conn, "double_booking", [("sessions", sid), ("sessions", other_id)])


def _stamp(conn: Connection, tbl: str, row_id: str, field: str) -> str | None:
    return conn.exec_driver_sql("SELECT hlc FROM sync_versions WHERE tbl = ? AND row_id = ? AND field = ?",
                                (tbl, row_id, field)).scalar()


def _pairs(conn: Connection, sql: str, left: set[str], right: set[str]) -> set[tuple]:
    """Rows of `sql` (selecting a left id, a right id, ...) whose left id is in `left` or right id in `right`."""
    found: set[tuple] = set()
    for ids, column in ((left, "a"), (right, "b")):
        for chunk in (sorted(ids)[i:i + 500] for i in range(0, len(ids), 500)):
            marks = ", ".join("?" for _ in chunk)
            found.update(tuple(r) for r in conn.exec_driver_sql(f"{sql} AND {column}.id IN ({marks})", tuple(chunk)))
    return found


def _payments_on_closed_days(conn: Connection, payments: set[str], days: set[str]) -> None:
    sql = ("SELECT a.id, b.id, b.day FROM payments a JOIN register_days b ON b.day = a.register_day "
           "WHERE b.closed_at IS NOT NULL")
    for payment_id, _day_id, day in sorted(_pairs(conn, sql, payments, days)):
        closed = _stamp(conn, "register_days", day, "-first_close")  # the earliest close, the same everywhere
        taken = _stamp(conn, "payments", payment_id, "id")
        if closed is not None and taken is not None and taken > closed:
            # the day by its date: its row id may still change when two devices' rows of that day become one
            record_conflict(conn, "payment_on_closed_day", [("payments", payment_id), ("register_day", str(day))])


def _inactive_users(conn: Connection, payments: set[str], users: set[str]) -> None:
    sql = "SELECT a.id, b.id FROM payments a JOIN users b ON b.id = a.taken_by WHERE b.active = 0"
    for payment_id, user_id in sorted(_pairs(conn, sql, payments, users)):
        off, taken = _stamp(conn, "users", user_id, "active"), _stamp(conn, "payments", payment_id, "id")
        if off is not None and taken is not None and taken > off:
            record_conflict(conn, "inactive_user_wrote", [("payments", payment_id), ("users", user_id)])
