"""Real failures of a full or read-only medium are recognised, whichever layer raised them."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from app.core.disk import stick_problem
from app.db.engine import Database
from app.domain.errors import StickFullError, StickReadOnlyError

KEY = bytes(range(32))


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full is a Linux device")
def test_a_write_to_a_full_device_is_a_full_stick():
    with pytest.raises(OSError) as raised, open("/dev/full", "wb") as fh:
        fh.write(b"x" * 10)
        fh.flush()
    assert isinstance(stick_problem(raised.value), StickFullError)


def test_os_errors_for_read_only_media_and_quota_are_recognised_and_others_are_not():
    assert isinstance(stick_problem(OSError(errno.EROFS, "Read-only file system")), StickReadOnlyError)
    assert isinstance(stick_problem(OSError(errno.EDQUOT, "Disk quota exceeded")), StickFullError)
    assert stick_problem(OSError(errno.ENOENT, "No such file or directory")) is None
    assert stick_problem(ValueError("database or disk is full")) is None  # only driver and OS errors count


def test_a_write_through_a_read_only_database_connection_is_a_read_only_stick(tmp_path: Path):
    path = tmp_path / "ro.db"
    sqlcipher.connect(str(path)).execute("CREATE TABLE t (x)").connection.close()
    engine = create_engine("sqlite+pysqlite://", module=sqlcipher,
                           creator=lambda: sqlcipher.connect(f"file:{path}?mode=ro", uri=True))
    with pytest.raises(OperationalError) as raised, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (:x)"), {"x": "secret"})
    engine.dispose()
    assert isinstance(stick_problem(raised.value), StickReadOnlyError)


def test_a_database_that_cannot_grow_refuses_the_write_as_a_full_stick_and_keeps_the_rest(tmp_path: Path):
    path = tmp_path / "studio.db"
    db = Database(path, KEY)
    with db.write() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (body TEXT)")
        conn.exec_driver_sql("INSERT INTO notes VALUES ('kept')")
    with pytest.raises(StickFullError) as raised, db.write() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        conn.exec_driver_sql("INSERT INTO notes VALUES (?)", ("x" * 100_000,))
    assert str(raised.value).startswith("The stick is full: free space")
    assert raised.value.__cause__ is None and raised.value.__suppress_context__  # no SQL, no values attached
    db.close()
    with Database(path, KEY).read() as conn:
        assert conn.exec_driver_sql("SELECT body FROM notes").scalars().all() == ["kept"]
