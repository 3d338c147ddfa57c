"""Accounts across devices (app/services/studio/user_keys.py): an account made, given a new password or deactivated on
one device logs in (or not) the same way on another after a sync, through the real login path, with each device
keeping its own database key; the relay never holds a password or a private key; a crash between applying a page and
updating the key file is repaired by the next sync."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path

import psycopg
import pytest

from app.core import crypto
from app.core.keyslots import user_slot_id
from app.domain.errors import AuthError
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.sync.support_accounts import Device, first_device, second_device

INK, INK_PASSWORD, NEW_PASSWORD = "inkwell", "Lotus-Quill-7731", "Heron-Marble-4410"


@pytest.fixture
def devices(tmp_path, relay) -> tuple[Device, Device]:
    a = first_device(tmp_path, relay.url)
    b = second_device(tmp_path, a, relay.url)
    a.sync()
    b.sync()
    yield a, b
    for device in (a, b):
        device.opened.close()


def _create_ink(a: Device) -> str:
    return a.users().create(a.opened.user, username=INK, display_name="Ink Well", role="staff",
                            password=INK_PASSWORD).id


def test_an_account_made_on_one_device_logs_in_on_the_other(devices):
    a, b = devices
    assert a.opened.db.key() != b.opened.db.key()  # each device its own database key
    assert a.slots().db_id != b.slots().db_id
    _create_ink(a)
    with pytest.raises(AuthError):
        b.login(INK, INK_PASSWORD)  # not synced yet: B has no slot for the account
    a.sync()
    b.sync()
    assert b.login(INK, INK_PASSWORD).username == INK
    with pytest.raises(AuthError):
        b.login(INK, "not the password")
    assert b.login(ADMIN, ADMIN_PASSWORD).username == ADMIN  # B's own admin slot still opens B
    b.opened.close()  # a fresh start of B: the password unlocks the closed studio too
    b.opened = b.studio.unlock(INK, INK_PASSWORD)
    assert b.opened.user.username == INK


def test_a_password_changed_on_one_device_is_the_password_on_the_other(devices):
    a, b = devices
    ink = _create_ink(a)
    a.sync()
    b.sync()
    logged_in = b.login(INK, INK_PASSWORD)
    assert b.users().check_token_holder(ink, logged_in.token_version) == logged_in
    a.users().reset_password(a.opened.user, ink, NEW_PASSWORD)
    a.sync()
    b.sync()
    with pytest.raises(AuthError):
        b.users().check_token_holder(ink, logged_in.token_version)  # a new password ends the old logins on B too
    with pytest.raises(AuthError):
        b.login(INK, INK_PASSWORD)
    assert b.login(INK, NEW_PASSWORD).username == INK


def test_a_password_changed_on_both_devices_ends_as_the_later_change_everywhere(devices):
    a, b = devices
    ink = _create_ink(a)
    a.sync()
    b.sync()
    a.users().reset_password(a.opened.user, ink, "Earlier-Change-1111")  # both offline, A first
    b.users().reset_password(b.opened.user, ink, NEW_PASSWORD)
    for device in (a, b, a):
        device.sync()
    for device in (a, b):
        assert device.login(INK, NEW_PASSWORD).username == INK
        with pytest.raises(AuthError):
            device.login(INK, "Earlier-Change-1111")


def test_an_account_deactivated_on_one_device_cannot_log_in_on_the_other(devices):
    a, b = devices
    ink = _create_ink(a)
    a.sync()
    b.sync()
    logged_in = b.login(INK, INK_PASSWORD)
    assert b.users().check_token_holder(ink, logged_in.token_version) == logged_in  # a login on B, cached
    a.users().deactivate(a.opened.user, ink)
    a.sync()
    b.sync()
    with pytest.raises(AuthError):
        b.users().check_token_holder(ink, logged_in.token_version)  # that login ended on B too
    assert user_slot_id(INK) not in b.slots()  # the slot left B's key file, not only the active flag
    with pytest.raises(AuthError):
        b.login(INK, INK_PASSWORD)
    with pytest.raises(AuthError):
        b.studio.key_for(INK, INK_PASSWORD)  # the password opens nothing on B any more


def _private_key(device: Device, username: str, password: str) -> tuple[bytes, bytes]:
    """The account's raw private key (opened with its password) and its Argon2id-wrapped form."""
    slots = device.slots()
    slot = slots.slots[user_slot_id(username)]
    kek = crypto.derive_key(password, base64.b64decode(slot["salt"]), crypto.KdfParams.from_dict(slot["kdf"]))
    wrapped = base64.b64decode(slot["private"])
    private = crypto.open_sealed(kek, base64.b64decode(slot["nonce"]), wrapped,
                                 slots._private_aad(user_slot_id(username), slot))
    assert private is not None and len(private) == 32
    return private, wrapped


def test_the_relay_holds_neither_a_password_nor_a_private_key(devices, relay_db, pg_cluster, caplog):
    caplog.set_level(logging.DEBUG)
    a, b = devices
    ink = _create_ink(a)
    a.users().reset_password(a.opened.user, ink, NEW_PASSWORD)
    a.sync()
    b.sync()
    assert b.login(INK, NEW_PASSWORD).username == INK  # the record did travel
    private, wrapped = _private_key(b, INK, NEW_PASSWORD)
    assert (private, wrapped) == _private_key(a, INK, NEW_PASSWORD)  # the same key pair on both devices
    with psycopg.connect(relay_db, autocommit=True) as db:
        db.execute("CHECKPOINT")
    dump = pg_cluster.tool("pg_dump", "-d", relay_db).stdout
    assert b"COPY public.messages" in dump
    files = b"".join(p.read_bytes() for p in Path(pg_cluster.base).rglob("*") if p.is_file())
    for secret in (INK_PASSWORD.encode(), NEW_PASSWORD.encode(), private, wrapped):
        for form in (secret, secret.hex().encode(), base64.b64encode(secret), json.dumps(secret.hex()).encode()):
            assert form not in dump and form not in files
            assert form.decode("latin-1") not in caplog.text
    for text in (INK_PASSWORD, NEW_PASSWORD, INK):
        assert text not in caplog.text


def test_a_crash_between_applying_and_the_key_file_is_repaired_by_the_next_sync(devices, monkeypatch):
    a, b = devices
    _create_ink(a)
    a.sync()
    from app.services.sync import service

    real, calls = service.user_keys.reconcile, []

    class Killed(BaseException):
        """The process dies here."""

    def dies_after_the_apply(db, path):
        calls.append(path)
        if len(calls) == 2:  # the first runs before the pull; the second right after the page is committed
            raise Killed
        return real(db, path)

    monkeypatch.setattr(service.user_keys, "reconcile", dies_after_the_apply)
    with pytest.raises(Killed):
        b.sync()
    monkeypatch.setattr(service.user_keys, "reconcile", real)
    with b.opened.db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM user_keys WHERE id = ? AND record IS NOT NULL",
                                    (user_slot_id(INK),)).scalar() == 1  # the page was applied and committed
        assert conn.exec_driver_sql("SELECT count(*) FROM users WHERE username = ?", (INK,)).scalar() == 1
    with pytest.raises(AuthError):
        b.login(INK, INK_PASSWORD)  # ... but the key file was not updated
    b.sync()  # nothing new to pull: the repair alone
    assert b.login(INK, INK_PASSWORD).username == INK


def test_an_account_without_a_record_gets_one_from_its_slot_at_the_next_sync(devices):
    a, b = devices
    slot_id = user_slot_id(ADMIN)
    with a.opened.db.write() as conn:  # as if the admin was made before records existed
        conn.exec_driver_sql("UPDATE sync_node SET capturing = 0")
        conn.exec_driver_sql("DELETE FROM user_keys")
        conn.exec_driver_sql("UPDATE sync_node SET capturing = 1")
    a.sync()
    with a.opened.db.read() as conn:
        text = conn.exec_driver_sql("SELECT record FROM user_keys WHERE id = ?", (slot_id,)).scalar()
    assert json.loads(text) == a.slots().record(slot_id)


def test_a_page_that_touches_no_account_leaves_the_key_file_alone(devices, monkeypatch):
    a, b = devices
    with a.opened.db.write() as conn:
        conn.exec_driver_sql("INSERT INTO ink_lots(id, created_at, updated_at, brand, colour, lot, expires_on) "
                             "VALUES ('lot1', '2027-01-01', '2027-01-01', 'Brand', 'Black', 'L1', '2030-01-01')")
    a.sync()
    from app.services.sync import service

    real, calls = service.user_keys.reconcile, []
    monkeypatch.setattr(service.user_keys, "reconcile", lambda db, path: calls.append(path) or real(db, path))
    b.sync()
    with b.opened.db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM ink_lots WHERE id = 'lot1'").scalar() == 1  # applied
    assert len(calls) == 1  # only the check at the sync's start
    _create_ink(a)
    a.sync()
    calls.clear()
    b.sync()
    assert len(calls) == 2  # the start, and the page that brought the account
