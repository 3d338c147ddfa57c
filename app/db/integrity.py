"""SQLite's and SQLCipher's own consistency checks, as a list of sentences."""

from __future__ import annotations


def problems(conn) -> list[str]:
    """Run integrity_check and cipher_integrity_check on a keyed DB-API connection;
    return what they report, or an empty list when the file is sound."""
    found: list[str] = []
    for (row,) in conn.execute("PRAGMA cipher_integrity_check").fetchall():
        found.append(f"Encrypted page damaged: {row}")
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        found.extend(f"Database structure: {r}" for r in rows)
    return found
