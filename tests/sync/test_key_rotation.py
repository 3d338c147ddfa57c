"""Revoking a device and rotating the studio's sync key: the other devices get the new key through the relay (sealed
under the one they hold) and keep reading everything; what is written afterwards is sealed with a key the revoked
device never held, and the relay refuses that device anyway."""

from __future__ import annotations

import json

import psycopg
import pytest

from app.db.engine import Database
from app.services.sync.service import SyncService
from app.sync.crypto import MAGIC, SyncKeyring, TamperedMessageError
from app.sync.relay_client import RelayClient
from tests.sync.support_devices import TICKS, dump
from tests.sync.test_merge_rules import PAYMENT, _base, _write
from tests.sync.test_sync_through_relay import _copy


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(TICKS))


def _service(db: Database) -> SyncService:
    return SyncService(db, lambda url, credential: RelayClient(url, credential))


def _keyring(db: Database) -> SyncKeyring:
    with db.read() as conn:
        return SyncKeyring.from_bytes(conn.exec_driver_sql("SELECT keyring FROM sync_node").scalar())


def _device_id(db: Database) -> str:
    with db.read() as conn:
        return str(conn.exec_driver_sql("SELECT device_id FROM sync_node").scalar())


def _header(blob: bytes) -> dict:
    size = int.from_bytes(blob[len(MAGIC):len(MAGIC) + 2], "big")
    return json.loads(blob[len(MAGIC) + 2:len(MAGIC) + 2 + size])


def test_after_a_revoke_and_a_rotation_the_others_read_on_and_the_revoked_key_opens_nothing_new(
        opened, tmp_path, relay, relay_db):
    _client, artist = _base(opened.db)
    a = opened.db
    _service(a).start(opened.user, relay.url)
    a.engine.dispose()
    b, lost = _copy(opened, tmp_path, "b"), _copy(opened, tmp_path, "lost")
    for db in (b, lost):
        _service(db).join(opened.user, relay.url, _service(a).invite(opened.user))
        _service(db).sync_now()
    old = _keyring(a).current
    assert _keyring(lost).current == old

    admin_relay = RelayClient(relay.url, _credential(a))
    try:
        admin_relay.revoke(_device_id(lost))
    finally:
        admin_relay.close()
    new = _service(a).rotate_key(opened.user)
    assert new != old and _keyring(a).current == new and old in _keyring(a).keys
    _write(a, PAYMENT, "after-rotation", 4321, artist)
    _service(a).sync_now()
    _service(b).sync_now()  # takes the key from the relay, then the payment sealed with it

    assert _keyring(b).current == new and set(_keyring(b).keys) == {old, new}
    assert dump(a) == dump(b)
    with psycopg.connect(relay_db) as pg:
        sealed = [bytes(body) for (body,) in pg.execute("SELECT body FROM messages ORDER BY seq")]
    after = [blob for blob in sealed if _header(blob)["k"] == new]
    assert after, "nothing was sealed with the new key"
    for blob in after:  # the revoked device's keyring opens none of it, even with the relay's bytes in hand
        with pytest.raises(TamperedMessageError, match="key this device does not hold"):
            _keyring(lost).open(blob, relay_id=_header(blob)["m"])
    with pytest.raises(Exception, match="removed from the studio.s sync"):
        _service(lost).sync_now()


def _credential(db: Database) -> str:
    with db.read() as conn:
        return str(conn.exec_driver_sql("SELECT credential FROM sync_node").scalar())
