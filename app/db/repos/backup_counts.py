"""Row counts per studio table, written into each backup's manifest line and restore report."""

from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, func, inspect, select

from app.db.engine import Database
from app.db.migrate import current_revision
from app.db.models import Base


def count_rows(conn: Connection) -> dict[str, int]:
    """Return {table name: row count} for every studio table the database has (an older revision, e.g. the
    copy taken before a migration, lacks the tables later revisions add)."""
    present = set(inspect(conn).get_table_names())
    return {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables if table.name in present}


def describe_conn(conn: Connection) -> tuple[str | None, dict[str, int]]:
    """The schema revision and row counts seen by `conn` (in its current transaction)."""
    return MigrationContext.configure(conn).get_current_revision(), count_rows(conn)


def describe_file(path: Path, key: bytes) -> tuple[str | None, dict[str, int]]:
    """Open an encrypted database file with `key`; return its schema revision and row counts."""
    db = Database(path, key)
    try:
        with db.read() as conn:
            counts = count_rows(conn)
        return current_revision(db), counts
    finally:
        db.close()
