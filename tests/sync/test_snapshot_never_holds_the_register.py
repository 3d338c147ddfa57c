"""Making a sync snapshot never holds the register: the dump reads a private copy of the database, so a payment
commits while a studio-sized dump is still being read (with the live file, a rollback journal would hold the
payment's commit for the dump's whole length), and the copy is gone afterwards."""

from __future__ import annotations

import threading

from app.db import sync_snapshot
from app.db.node import ensure_node
from app.services.sync import bootstrap
from app.sync.crypto import SyncKeyring
from tests.sync.test_merge_rules import PAYMENT, _base, _write


def test_a_payment_commits_while_the_snapshot_is_being_read(opened, monkeypatch):
    _client, artist = _base(opened.db)
    reading, paid = threading.Event(), threading.Event()
    real_dump = sync_snapshot.dump

    def slow_dump(conn, covers_seq):
        reading.set()
        assert paid.wait(30), "the payment did not commit while the snapshot was being read"
        return real_dump(conn, covers_seq)

    monkeypatch.setattr(sync_snapshot, "dump", slow_dump)
    with opened.db.write() as conn:
        ensure_node(conn, opened.db.path)  # as pairing does

    def pay() -> None:
        reading.wait(30)
        _write(opened.db, PAYMENT, "while-dumping", 1500, artist)
        paid.set()

    payer = threading.Thread(target=pay)
    payer.start()
    covers, sealed = bootstrap.seal_snapshot(opened.db, SyncKeyring.new("studio"))
    payer.join(30)
    assert paid.is_set() and sealed and covers == 0
    assert not opened.db.path.with_name(bootstrap.SNAPSHOT_COPY).exists()
    with opened.db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM payments WHERE id = 'while-dumping'").scalar() == 1
