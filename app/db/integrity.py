"""SQLite's and SQLCipher's own consistency checks, as a list of sentences."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from app.db.engine import connect_raw
from app.domain.errors import DomainError


def problems(conn) -> list[str]:
    """Run cipher_integrity_check and integrity_check on a keyed DB-API connection;
    return what they report, or an empty list when the file is sound."""
    found: list[str] = []
    checks = (("PRAGMA cipher_integrity_check", "Encrypted page damaged"),
              ("PRAGMA integrity_check", "Database structure"))
    for pragma, label in checks:
        try:
            rows = [r[0] for r in conn.execute(pragma).fetchall()]
        except sqlcipher.DatabaseError as exc:  # damage bad enough that the check cannot finish
            rows = [str(exc)]
        found.extend(f"{label}: {row}" for row in rows if row != "ok")
    if found:
        found.append("The database is damaged. Restore the latest good backup.")
    return found


def check_file(path: Path, key: bytes) -> list[str]:
    """Open the database file at `path` with `key` and return its problems (see `problems`)."""
    if not path.exists():
        return [f"The database file {path} is missing. Restore it from a backup."]
    try:
        conn = connect_raw(path, key)
    except DomainError as exc:
        return [str(exc)]
    try:
        return problems(conn)
    finally:
        conn.close()
