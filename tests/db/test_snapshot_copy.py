"""Snapshots copy the encrypted pages under a read transaction: writers are not held off for the copy's length."""

from __future__ import annotations

import threading

from app.core.clock import Clock
from app.db import snapshot
from app.db.engine import connect_raw
from app.db.repos.audit import AuditRepository


def _write_one(db) -> None:
    with db.write() as conn:
        AuditRepository().record(conn, at=Clock().now(), actor_id=None, action="t", entity="t", entity_id=None)


def _count(path, key) -> int:
    conn = connect_raw(path, key)
    try:
        return conn.execute("SELECT count(*) FROM audit_events WHERE action = 't'").fetchone()[0]
    finally:
        conn.close()


def test_a_writer_starts_its_transaction_while_the_pages_are_copied(opened, tmp_path, monkeypatch):
    db, key = opened.db, bytes.fromhex(opened.db.key_hex())
    _write_one(db)
    began, finished = threading.Event(), threading.Event()
    real = snapshot.read_pages

    def slow_read(path, buffer=None):  # while the copy is under way, a writer must get its write transaction
        thread = threading.Thread(target=lambda: (_write_in(db, began), finished.set()))
        thread.start()
        assert began.wait(10), "the snapshot held the write lock, so the writer could not begin"
        return real(path, buffer)

    monkeypatch.setattr(snapshot, "read_pages", slow_read)
    dest = snapshot.export_encrypted(db, tmp_path / "copy.db")
    assert finished.wait(20)
    assert _count(dest, key) == 1  # the copy is of one moment: the write that began meanwhile is not in it
    assert _count(db.path, key) == 2


def _write_in(db, began: threading.Event) -> None:
    with db.write() as conn:
        began.set()
        AuditRepository().record(conn, at=Clock().now(), actor_id=None, action="t", entity="t", entity_id=None)


def test_the_copy_is_checked_and_holds_the_same_encrypted_bytes(opened, tmp_path):
    db = opened.db
    _write_one(db)
    dest = snapshot.export_encrypted(db, tmp_path / "copy.db")
    assert dest.read_bytes() == db.path.read_bytes()  # no writes meanwhile: the very same pages
    assert not list(tmp_path.glob(".*.tmp"))


def test_pages_are_read_into_a_buffer_of_any_size(opened, tmp_path):
    size = opened.db.path.stat().st_size
    for buffer in (bytearray(10), snapshot.touched_buffer(size + 8192), None):
        assert snapshot.read_pages(opened.db.path, buffer) == opened.db.path.read_bytes()
