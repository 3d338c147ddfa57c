"""Encrypted copies of the live database made from inside SQLCipher, never by copying the file."""

from __future__ import annotations

from pathlib import Path

from app.core.atomic import publish_atomic, temp_name
from app.db.engine import Database, connect_raw
from app.db.integrity import problems


def export_encrypted(db: Database, dest: Path) -> Path:
    """Write a consistent encrypted copy of `db` (same key) to `dest`: temp name, fsync,
    verify, then rename. A crash leaves at most a temp file, never a partial `dest`."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(dest)
    tmp.unlink(missing_ok=True)
    try:
        with db.raw() as conn:  # the write lock keeps the copy at one point in time
            conn.execute(f"ATTACH DATABASE ? AS snapshot KEY \"x'{db.key_hex()}'\"", (str(tmp),))
            try:
                conn.execute("SELECT sqlcipher_export('snapshot')")
            finally:
                conn.execute("DETACH DATABASE snapshot")
        copy = connect_raw(tmp, bytes.fromhex(db.key_hex()))
        try:
            found = problems(copy)
        finally:
            copy.close()
        if found:
            raise OSError(f"The copy at {tmp} failed its check: {'; '.join(found)}")
        publish_atomic(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest
