"""The raw SQL each benchmarked API call rests on, run on a bare DB-API connection (benchmarks only)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from app.domain.errors import ValidationError


def plain_copy(enc, dest: Path):
    """Export the open encrypted DB to an unencrypted file and open it (for the enc/plain ratio only;
    the caller deletes it)."""
    enc.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dest),))
    enc.execute("SELECT sqlcipher_export('plain')")
    enc.execute("DETACH DATABASE plain")
    return sqlcipher.connect(str(dest), isolation_level=None)


@dataclass
class Sample:
    """Ids and dates picked from the demo studio so both sides ask the same questions."""

    client_ids: list[str]
    prefixes: list[str]
    week_start: datetime
    day: date
    session_id: str
    session_version: int
    artist_id: str

    @classmethod
    def pick(cls, conn) -> Sample:
        """Pick the ids, name prefixes, week and day the benchmark's queries use from the database."""
        rows = conn.execute("SELECT id, last_name FROM clients ORDER BY id LIMIT 200").fetchall()
        day = date.fromisoformat(conn.execute(
            "SELECT register_day FROM payments GROUP BY register_day ORDER BY count(*) DESC LIMIT 1").fetchone()[0])
        monday = day - timedelta(days=day.weekday())
        booked = conn.execute("SELECT id, version, artist_id FROM sessions WHERE status IN ('booked', 'confirmed') "
                              "ORDER BY starts_at DESC LIMIT 1").fetchone()
        if booked is None or not rows:
            raise ValidationError("The benchmark needs clients and a booked session; run it on a demo studio "
                             "(e.g. `demo --scale 0.02` or larger).")
        sid, version, artist = booked
        return cls(client_ids=[r[0] for r in rows], prefixes=sorted({r[1][:3].lower() for r in rows}),
                   week_start=datetime(monday.year, monday.month, monday.day, tzinfo=UTC), day=day,
                   session_id=sid, session_version=version, artist_id=artist)


def search(conn, s: Sample, i: int):
    """Run the client search's query for the i-th name prefix."""
    prefix = s.prefixes[i % len(s.prefixes)].replace('"', "")
    return conn.execute(
        "SELECT c.id, c.first_name, c.last_name, c.phone FROM client_search JOIN clients c ON c.rowid = "
        "client_search.rowid WHERE client_search MATCH ? ORDER BY rank LIMIT 20", (f'"{prefix}"*',)).fetchall()


def detail(conn, s: Sample, i: int):
    """Run the client detail's queries for the i-th client."""
    cid = s.client_ids[i % len(s.client_ids)]
    return (conn.execute("SELECT * FROM clients WHERE id = ?", (cid,)).fetchone(),
            conn.execute("SELECT * FROM medical_profiles WHERE client_id = ? ORDER BY version DESC LIMIT 1",
                         (cid,)).fetchone(),
            conn.execute("SELECT * FROM sessions WHERE client_id = ? ORDER BY starts_at", (cid,)).fetchall(),
            conn.execute("SELECT * FROM payments WHERE client_id = ? ORDER BY taken_at", (cid,)).fetchall())


def week(conn, s: Sample, i: int):
    """Run the week calendar's query for the sample's week."""
    start = s.week_start.replace(tzinfo=None)
    return conn.execute(
        "SELECT s.*, c.first_name, c.last_name FROM sessions s JOIN clients c ON c.id = s.client_id "
        "WHERE s.starts_at >= ? AND s.starts_at < ? ORDER BY s.starts_at",
        (str(start), str(start + timedelta(days=7)))).fetchall()


def register(conn, s: Sample, i: int):
    """Run the day register's totals query for the sample's day."""
    return conn.execute("SELECT method, kind, sum(amount_minor), count(*) FROM payments WHERE register_day = ? "
                        "GROUP BY method, kind", (s.day.isoformat(),)).fetchall()


def insert_payment(conn, s: Sample, i: int):
    """Insert one payment in its own write transaction."""
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO payments (id, amount_minor, method, kind, taken_by, taken_at, register_day, note, "
                 "created_at, updated_at) VALUES (?, ?, 'card', 'payment', ?, ?, ?, '', ?, ?)",
                 (str(uuid.uuid4()), 1000 + i, s.artist_id, str(now), now.date().isoformat(), str(now), str(now)))
    conn.execute("COMMIT")


def move(conn, s: Sample, i: int):
    """Move the sample's session to another day in its own write transaction."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE sessions SET starts_at = ?, version = version + 1 WHERE id = ?",
                 (str(datetime(2032, 1, 6, 9) + timedelta(days=i)), s.session_id))
    conn.execute("COMMIT")


def nothing(conn, s: Sample, i: int):
    """Run the cheapest query there is: the floor every other figure stands on."""
    return conn.execute("SELECT 1").fetchone()


QUERIES = {"http floor": nothing, "client search": search, "client detail": detail, "week calendar": week,
           "day register": register, "payment insert": insert_payment, "session move": move}
