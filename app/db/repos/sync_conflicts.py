"""Reading and resolving the sync conflicts list (`sync_conflicts`), and the facts its sentences name.

Marking one resolved is an ordinary write of an editable synced table: the capture triggers send it to the other
devices, so a conflict resolved on one device is resolved on all of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection


@dataclass(frozen=True)
class ConflictRow:
    """One entry of the list as stored: its kind, the rows involved as (table, id), and when it was found."""

    id: str
    kind: str
    rows: list[tuple[str, str]]
    created_at: datetime | None
    resolved_at: str | None


@dataclass(frozen=True)
class SessionFacts:
    """What a conflict's sentence says of a session: when, how long, whose and for whom."""

    id: str
    starts_at: datetime
    duration_min: int
    artist: str
    client: str


def listing(conn: Connection, include_resolved: bool = False) -> list[ConflictRow]:
    """The conflicts, open ones only unless asked, the newest found first."""
    where = "" if include_resolved else " WHERE resolved_at IS NULL"
    found = conn.exec_driver_sql(f"SELECT id, kind, rows, created_at, resolved_at FROM sync_conflicts{where} "
                                 "ORDER BY created_at DESC, id")
    return [ConflictRow(r[0], r[1], [(str(t), str(i)) for t, i in json.loads(r[2])], _moment(r[3]), r[4])
            for r in found]


def mark_resolved(conn: Connection, conflict_id: str, at: str, by: str) -> bool:
    """Mark an open conflict resolved by user `by`; False if there is no such open conflict."""
    done = conn.exec_driver_sql("UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, updated_at = ? "
                                "WHERE id = ? AND resolved_at IS NULL", (at, by, at, conflict_id)).rowcount
    return bool(done)


def sessions(conn: Connection, ids: list[str]) -> list[SessionFacts]:
    """The sessions among `ids` that still exist, earliest first, with their artist's and client's names."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = conn.exec_driver_sql(
        "SELECT s.id, s.starts_at, s.duration_min, u.display_name, trim(c.first_name || ' ' || c.last_name) "
        "FROM sessions s LEFT JOIN users u ON u.id = s.artist_id LEFT JOIN clients c ON c.id = s.client_id "
        f"WHERE s.id IN ({marks}) ORDER BY s.starts_at, s.id", tuple(ids))
    earliest = datetime.min.replace(tzinfo=UTC)
    return [SessionFacts(r[0], _moment(r[1]) or earliest, int(r[2] or 0), r[3] or "", r[4] or "") for r in rows]


def payment_day(conn: Connection, payment_id: str) -> tuple[str, str] | None:
    """(register day, name of who took it) of a payment, or None if it is gone."""
    row = conn.exec_driver_sql("SELECT p.register_day, coalesce(u.display_name, '') FROM payments p "
                               "LEFT JOIN users u ON u.id = p.taken_by WHERE p.id = ?", (payment_id,)).first()
    return (str(row[0]), str(row[1])) if row else None


def user_name(conn: Connection, user_id: str) -> str | None:
    """A user's display name, or None if there is no such user."""
    return conn.exec_driver_sql("SELECT display_name FROM users WHERE id = ?", (user_id,)).scalar()


def client_name(conn: Connection, client_id: str) -> str | None:
    """A client's full name, or None if there is no such client."""
    return conn.exec_driver_sql("SELECT trim(first_name || ' ' || last_name) FROM clients WHERE id = ?",
                                (client_id,)).scalar()


def _moment(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # stored as naive UTC
