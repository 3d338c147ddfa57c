"""The restore write gate: writes under way finish first, new ones are refused with a sentence."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.db.engine import RESTORING
from app.db.repos.audit import AuditRepository
from app.domain.errors import RestoreRunningError


def _count(db) -> int:
    with db.read() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one()


def _note(conn, n: int) -> None:
    AuditRepository().record(conn, at=datetime(2026, 3, 14, 15, 0, tzinfo=UTC), actor_id=None, action="test",
                             entity="gate", entity_id=None, summary=f"write {n}")


def test_the_gate_waits_for_a_write_under_way_and_refuses_new_ones(opened):
    db, before = opened.db, _count(opened.db)
    inside, release, seen = threading.Event(), threading.Event(), []

    def slow_writer():
        with db.write() as conn:
            _note(conn, 1)
            inside.set()
            release.wait(10)

    def restorer():
        with db.closed_for_restore():
            seen.append(_count(db))  # what a safety backup taken now would hold
            other = []
            refused = threading.Thread(target=lambda: other.append(_try_write(db)))
            refused.start()
            refused.join(10)
            seen.append(other[0])
            with db.write() as conn:  # the restoring thread itself may still write
                _note(conn, 2)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert inside.wait(10)
    closing = threading.Thread(target=restorer)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # the gate waits while the write is open
    release.set()
    writer.join(10)
    closing.join(10)
    assert seen == [before + 1, RESTORING]
    assert _count(db) == before + 2
    with db.write() as conn:  # the gate is open again
        _note(conn, 3)


def _try_write(db) -> str:
    try:
        with db.write() as conn:
            _note(conn, 99)
    except RestoreRunningError as exc:
        return str(exc)
    return "a write went through a closed gate"


def test_a_restore_that_cannot_close_the_gate_in_time_says_so_and_reopens_it(opened):
    db, inside, release = opened.db, threading.Event(), threading.Event()

    def slow_writer():
        with db.write() as conn:
            _note(conn, 1)
            inside.set()
            release.wait(10)

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert inside.wait(10)
    try:
        with pytest.raises(RestoreRunningError, match="kept the restore from starting; nothing was changed"):
            with db.closed_for_restore(wait=0.2):
                pass
    finally:
        release.set()
        writer.join(10)
    with db.write() as conn:
        _note(conn, 2)
    assert _count(db) >= 2
