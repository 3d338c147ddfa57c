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
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from app.core.disk import stick_problem
from app.core.filesystem import FileTooLargeForStickError, database_full_sentence, database_page_limit
from app.db.node import stamp_pending
from app.domain.errors import AuthError, RestoreRunningError, StorageError

RESTORING = "A restore is running; try again in a moment."
GATE_WAIT = 30.0  # seconds a restore waits for the writes already under way to finish

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


def export_keyed(conn: sqlcipher.Connection, dest: Path, key: bytes) -> None:
    """Copy the database open on `conn` into a new file `dest` encrypted with `key` (sqlcipher_export)."""
    conn.execute(f"ATTACH DATABASE ? AS exported KEY \"x'{key.hex()}'\"", (str(dest),))
    try:
        conn.execute("SELECT sqlcipher_export('exported')")
    finally:
        conn.execute("DETACH DATABASE exported")


class Database:
    """The studio's encrypted store: `read()` for queries, `write()` for one serialised transaction."""

    def __init__(self, path: Path, key: bytes):
        self.path = path
        self._key = key
        self._write_lock = threading.RLock()
        self._gate = threading.Condition()  # the restore write gate: see closed_for_restore()
        self._writers = 0  # write() calls let through the gate and not yet finished
        self._restorer: int | None = None  # the thread that closed the gate, while it is closed
        self.writes = 0  # write/exclusive/raw uses finished in this process: tells a backup whether anything changed
        self.backed_up_writes: int | None = None  # `writes` as the last backup of this process found it
        self.engine: Engine = create_engine(
            "sqlite+pysqlite://", creator=self._connect, module=sqlcipher,
            poolclass=QueuePool, pool_size=4, max_overflow=4,
            hide_parameters=True)  # an error's text must never carry a client's data into a log
        event.listen(self.engine, "begin", self._begin)
        connect_raw(path, key).close()  # fail now, with a sentence, if the key is wrong

    def _connect(self) -> sqlcipher.Connection:
        try:
            return connect_raw(self.path, self._key)
        except AuthError:
            # A re-key swaps the file and the key while holding the write lock: wait for it, try again.
            with self._write_lock:
                return connect_raw(self.path, self._key)

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
        """Yield a connection inside a write transaction; commit on success, roll back on error.
        While a restore runs, raise RestoreRunningError instead of starting (nothing was written)."""
        self._pass_gate()
        try:
            with self._write_lock, self.engine.connect() as conn:
                conn.info["begin_mode"] = "IMMEDIATE"
                with conn.begin():
                    yield conn
                    stamp_pending(conn, self.path)  # the sync outbox's clock stamp commits with the change
        except SQLAlchemyError as exc:
            if isinstance(exc, OperationalError):
                self._explain_full(exc)  # the FAT32 one-file limit, before "the stick is full"
            problem = stick_problem(exc)
            if problem is None:
                raise
            raise problem from None  # rolled back: nothing of this write was kept, the sentence says why
        finally:
            self.writes += 1  # after the commit (or rollback): a snapshot that saw an older count backs up again
            with self._gate:
                self._writers -= 1
                self._gate.notify_all()

    def _pass_gate(self) -> None:
        with self._gate:
            if self._restorer not in (None, threading.get_ident()):
                raise RestoreRunningError(RESTORING)
            self._writers += 1

    @contextmanager
    def closed_for_restore(self, wait: float = GATE_WAIT) -> Iterator[None]:
        """Refuse new writes, wait for those under way to commit, and yield: whatever the caller
        snapshots now holds every write that was acknowledged. Writes are let in again afterwards."""
        with self._gate:
            if self._restorer is not None:
                raise RestoreRunningError(RESTORING)
            self._restorer = threading.get_ident()
            if not self._gate.wait_for(lambda: self._writers == 0, timeout=wait):
                self._restorer = None
                raise RestoreRunningError(f"Writes still running after {wait:.0f} seconds kept the restore "
                                          "from starting; nothing was changed. Try again in a moment.")
        try:
            yield
        finally:
            with self._gate:
                self._restorer = None

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
        try:
            with self._write_lock, self.engine.connect() as conn:
                yield conn
        finally:
            self.writes += 1

    @contextmanager
    def raw(self) -> Iterator[sqlcipher.Connection]:
        """Yield a bare keyed DB-API connection, for PRAGMAs and exports, holding the write lock."""
        with self._write_lock:
            conn = connect_raw(self.path, self._key)
            try:
                yield conn
            finally:
                conn.close()
                self.writes += 1

    def key_hex(self) -> str:
        """Return the key as SQLCipher's x'..' literal body, for ATTACH of encrypted copies."""
        return self._key.hex()

    def key(self) -> bytes:
        """Return the raw key the database is open with."""
        return self._key

    def set_key(self, new_key: bytes) -> None:
        """Use `new_key` from now on (after the file was swapped for one encrypted with it); the
        pooled connections of the old key are dropped."""
        with self._write_lock:
            self._key = new_key
            self.engine.dispose()

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
