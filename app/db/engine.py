"""Open the SQLCipher database with its raw key; serialise writes; one engine per process."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool

from app.core.filesystem import FileTooLargeForStickError, database_full_sentence, database_page_limit
from app.domain.errors import AuthError, StorageError

# Chosen for a USB stick that may be yanked out, formatted FAT/exFAT, and carried between OSes:
# - journal_mode=DELETE: a rollback journal works on every file system; WAL needs a -shm
#   shared-memory file that FAT/exFAT and some OS/stick combinations break. The journal holds
#   encrypted pages only, so nothing leaks through it.
# - synchronous=FULL: fsync the journal and the DB at each commit, so a commit we acknowledged
#   is on the medium before we say so. The kill -9 test proves commits are all-or-nothing and the
#   journal recovers; surviving a pulled stick also relies on the stick honouring fsync.
# - temp_store=MEMORY: sorts and temp tables never touch the host's disk in plaintext.
# - foreign_keys=ON: SQLite leaves them off unless asked, per connection.
# - busy_timeout: a reader waits for a writer's commit instead of failing at once.
# - cipher_log_level=NONE: SQLCipher must not print to the host's stderr or log files.
PRAGMAS = (
    "PRAGMA cipher_log_level = NONE",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA synchronous = FULL",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 10000",
)


def connect_raw(path: Path, key: bytes) -> sqlcipher.Connection:
    """Open one DB-API connection, keyed and configured; raise AuthError if the key is wrong."""
    conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        for pragma in PRAGMAS:
            conn.execute(pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        pages = database_page_limit(path, conn.execute("PRAGMA page_size").fetchone()[0])
        if pages is not None:  # FAT32: stop cleanly (SQLITE_FULL, rolled back) below the 4 GiB file limit
            conn.execute(f"PRAGMA max_page_count = {pages}")
    except sqlcipher.DatabaseError as exc:
        conn.close()
        if "not a database" in str(exc):
            raise AuthError(f"The key does not open {path.name}: the file is damaged "
                            "or belongs to another studio.") from None
        raise StorageError(f"The database {path} cannot be opened ({exc}).") from None
    return conn


class Database:
    """The studio's encrypted store: `read()` for queries, `write()` for one serialised transaction."""

    def __init__(self, path: Path, key: bytes):
        self.path = path
        self._key = key
        self._write_lock = threading.RLock()
        self.engine: Engine = create_engine(
            "sqlite+pysqlite://", creator=lambda: connect_raw(path, key), module=sqlcipher,
            poolclass=QueuePool, pool_size=4, max_overflow=4)
        event.listen(self.engine, "begin", self._begin)
        connect_raw(path, key).close()  # fail now, with a sentence, if the key is wrong

    @staticmethod
    def _begin(conn: Connection) -> None:
        # The driver runs in autocommit mode; we open transactions ourselves so that
        # writers take the write lock up front (IMMEDIATE) instead of failing at commit.
        conn.exec_driver_sql(f"BEGIN {conn.info.pop('begin_mode', 'DEFERRED')}")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """Yield a connection inside a read transaction (a consistent snapshot)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """Yield a connection inside a write transaction; commit on success, roll back on error."""
        with self._write_lock, self.engine.connect() as conn:
            conn.info["begin_mode"] = "IMMEDIATE"
            try:
                with conn.begin():
                    yield conn
            except OperationalError as exc:
                self._explain_full(exc)
                raise

    def _explain_full(self, exc: OperationalError) -> None:
        """Turn SQLITE_FULL from the FAT32 page limit (the stick itself has room) into a sentence."""
        if "database or disk is full" not in str(exc):
            return
        with self.raw() as conn:
            page_size, pages = (int(conn.execute(f"PRAGMA {name}").fetchone()[0])
                                for name in ("page_size", "page_count"))
        room = shutil.disk_usage(self.path.parent).free > 32 * 2**20  # else the stick is simply full
        if database_page_limit(self.path, page_size) is not None and room:
            raise FileTooLargeForStickError(database_full_sentence(pages * page_size)) from None

    @contextmanager
    def exclusive(self) -> Iterator[Connection]:
        """Yield a connection with no transaction begun, holding the write lock (for migrations)."""
        with self._write_lock, self.engine.connect() as conn:
            yield conn

    @contextmanager
    def raw(self) -> Iterator[sqlcipher.Connection]:
        """Yield a bare keyed DB-API connection, for PRAGMAs and exports, holding the write lock."""
        with self._write_lock:
            conn = connect_raw(self.path, self._key)
            try:
                yield conn
            finally:
                conn.close()

    def key_hex(self) -> str:
        """Return the key as SQLCipher's x'..' literal body, for ATTACH of encrypted copies."""
        return self._key.hex()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
