"""Three real studio copies sync through a real relay on a throwaway PostgreSQL: they pair by code, work offline,
and converge to identical data with the double booking listed on every device; the relay holds no name or amount."""

from __future__ import annotations

import random

import pytest

from app.db.engine import Database
from app.services.sync.protocol import SyncNotPairedError
from app.services.sync.service import SyncService
from app.sync.relay_client import RelayClient, RelayUnavailableError
from tests.sync.support_devices import TICKS, conflicts, dump
from tests.sync.test_merge_rules import PAYMENT, SESSION, _base, _write

NAME, PHONE, AMOUNT = "Quixotefeather", "+34 611 222 333", 987654


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(TICKS))


def _service(db: Database) -> SyncService:
    return SyncService(db, lambda url, credential: RelayClient(url, credential))


def _copy(opened, tmp_path, name: str) -> Database:
    path = tmp_path / name / "studio.db"
    path.parent.mkdir()
    path.write_bytes(opened.db.path.read_bytes())
    return Database(path, opened.db._key)


def test_three_devices_pair_work_offline_and_converge_through_the_relay(opened, tmp_path, relay, relay_db,
                                                                          pg_cluster):
    client, artist = _base(opened.db)
    _write(opened.db, "UPDATE clients SET last_name = ?, phone = ? WHERE id = ?", NAME, PHONE, client)
    a = opened.db
    with pytest.raises(SyncNotPairedError):
        _service(a).sync_now()
    _service(a).start(opened.user, relay.url)
    opened.db.engine.dispose()
    b, c = _copy(opened, tmp_path, "b"), _copy(opened, tmp_path, "c")  # a device restored from A's copy
    for db in (b, c):
        _service(db).join(opened.user, relay.url, _service(a).invite(opened.user))

    _write(a, SESSION, "sA", client, artist, "2027-03-01 10:00:00.000000", 60)  # both book the artist at 10
    _write(b, SESSION, "sB", client, artist, "2027-03-01 10:00:00.000000", 90)
    _write(c, PAYMENT, "pC", AMOUNT, artist)
    _write(a, "UPDATE clients SET notes = 'from A' WHERE id = ?", client)
    _write(c, "UPDATE clients SET email = 'q@example.org' WHERE id = ?", client)
    rng = random.Random(5)
    for _round in range(3):
        for db in rng.sample([a, b, c], 3):
            _service(db).sync_now()

    assert dump(a) == dump(b) == dump(c)
    assert ("double_booking", '[["sessions", "sA"], ["sessions", "sB"]]') in conflicts(a)
    assert conflicts(a) == conflicts(b) == conflicts(c)
    status = _service(b).status(opened.user)
    assert status.paired and status.conflicts == 1 and status.pending == 0 and status.last_error is None

    relay_dump = pg_cluster.tool("pg_dump", "-d", relay_db).stdout
    assert b"COPY public.messages" in relay_dump
    for secret in (NAME, PHONE, str(AMOUNT), "q@example.org", "from A"):
        assert secret.encode() not in relay_dump, secret
    for db in (b, c):
        db.engine.dispose()


def test_an_unreachable_relay_is_a_sentence_and_the_studio_keeps_working(opened):
    with pytest.raises(RelayUnavailableError, match="cannot be reached"):
        _service(opened.db).start(opened.user, "http://127.0.0.1:9")
    _write(opened.db, "UPDATE users SET display_name = 'Still works'")


def test_a_tampered_message_is_refused_named_and_skipped(opened, tmp_path, relay):
    client, _artist = _base(opened.db)
    a = opened.db
    _service(a).start(opened.user, relay.url)
    opened.db.engine.dispose()
    b = _copy(opened, tmp_path, "b")
    _service(b).join(opened.user, relay.url, _service(a).invite(opened.user))
    _service(a).sync_now()
    with a.read() as conn:
        credential = conn.exec_driver_sql("SELECT credential FROM sync_node").scalar()
    forged = RelayClient(relay.url, credential)
    forged.push([("forged-1", b"TS1" + bytes(40))])  # what a relay operator might slip in
    forged.close()
    _write(a, "UPDATE clients SET notes = 'real change' WHERE id = ?", client)
    _service(a).sync_now()
    report = _service(b).sync_now()
    assert report.refused == 1
    assert "not applied" in _service(b).status(opened.user).last_error
    assert any("real change" in r for r in dump(b)["clients"])
    b.engine.dispose()
