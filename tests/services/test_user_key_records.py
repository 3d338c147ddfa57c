"""Account key records on one device (app/services/studio/user_keys.py): every slot write stores the record, and
`reconcile` turns records written elsewhere (another key file, another database key) into slots that open this
studio, skips an unreadable one, and drops the slot of a cleared record; all on a real SQLCipher studio."""

from __future__ import annotations

import json
import logging
import uuid

import pytest

from app.core import crypto
from app.core.keyslots import KeySlots, user_slot_id
from app.db.repos import user_keys as records
from app.db.repos.users import UserRepository
from app.domain.errors import AuthError
from app.services.studio import user_keys
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD

CHEAP = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def _record(opened, slot_id: str) -> dict | None:
    with opened.db.read() as conn:
        return records.all_records(conn).get(slot_id)


def _elsewhere(tmp_path, username: str, password: str) -> dict:
    """The record another device (its own key file id and database key) wrote for `username`."""
    other = KeySlots.create(tmp_path / "other-keyslots.json", db_id=str(uuid.uuid4()), params=CHEAP)
    other.put(user_slot_id(username), password, crypto.new_db_key())
    record = other.record(user_slot_id(username))
    assert record is not None and record["origin"] == other.db_id and "box" not in record
    return record


def _add_account(opened, username: str) -> None:
    with opened.db.write() as conn:
        UserRepository().add(conn, username=username, display_name=username, role="staff")


def test_every_slot_write_stores_the_accounts_record_as_the_slot_holds_it(opened, studio_service):
    service = UserService(opened.db, studio_service.paths)
    ink = service.create(opened.user, username="ink", display_name="Ink", role="staff", password="first password")
    slots = KeySlots.load(studio_service.paths.keyslots)
    assert _record(opened, user_slot_id("ink")) == slots.record(user_slot_id("ink"))
    assert _record(opened, user_slot_id(ADMIN)) == slots.record(user_slot_id(ADMIN))  # the first admin's, at create
    service.change_own_password(ink, "first password", "second password")
    assert _record(opened, user_slot_id("ink")) == KeySlots.load(studio_service.paths.keyslots).record(
        user_slot_id("ink"))
    text = json.dumps(_record(opened, user_slot_id("ink")))
    assert "second password" not in text and "first password" not in text
    service.deactivate(opened.user, ink.id)
    assert _record(opened, user_slot_id("ink")) is None


def test_a_record_from_another_device_becomes_a_slot_that_opens_this_studio(opened, studio_service, tmp_path):
    _add_account(opened, "Remote")
    with opened.db.write() as conn:
        records.put(conn, user_slot_id("Remote"), _elsewhere(tmp_path, "Remote", "remote password"))
    with pytest.raises(AuthError):
        studio_service.authenticate(opened, "Remote", "remote password")
    assert user_keys.reconcile(opened.db, studio_service.paths.keyslots) == 1
    assert studio_service.authenticate(opened, "Remote", "remote password").username == "Remote"
    with pytest.raises(AuthError):
        studio_service.authenticate(opened, "Remote", "wrong password")
    assert user_keys.reconcile(opened.db, studio_service.paths.keyslots) == 0  # in line: nothing to do
    assert studio_service.authenticate(opened, ADMIN, ADMIN_PASSWORD).username == ADMIN


def test_an_unreadable_record_is_skipped_and_the_others_still_land(opened, studio_service, tmp_path, caplog):
    _add_account(opened, "broken")
    _add_account(opened, "fine")
    bad = {**_elsewhere(tmp_path, "broken", "broken password"), "public": "AAAA"}
    with opened.db.write() as conn:
        records.put(conn, user_slot_id("broken"), bad)
        records.put(conn, user_slot_id("fine"), _elsewhere(tmp_path, "fine", "fine password"))
    with caplog.at_level(logging.WARNING):
        assert user_keys.reconcile(opened.db, studio_service.paths.keyslots) == 1
    assert "not readable" in caplog.text and "broken" not in caplog.text  # no account name in the log
    assert user_slot_id("broken") not in KeySlots.load(studio_service.paths.keyslots)
    assert studio_service.authenticate(opened, "fine", "fine password").username == "fine"


def test_a_cleared_record_or_an_inactive_account_has_no_slot(opened, studio_service, tmp_path):
    for name in ("cleared", "inactive"):
        _add_account(opened, name)
        with opened.db.write() as conn:
            records.put(conn, user_slot_id(name), _elsewhere(tmp_path, name, f"{name} password"))
    assert user_keys.reconcile(opened.db, studio_service.paths.keyslots) == 2
    slots = KeySlots.load(studio_service.paths.keyslots)
    assert user_slot_id("cleared") in slots and user_slot_id("inactive") in slots
    with opened.db.write() as conn:
        records.put(conn, user_slot_id("cleared"), None)
        conn.exec_driver_sql("UPDATE users SET active = 0 WHERE username = 'inactive'")
    assert user_keys.reconcile(opened.db, studio_service.paths.keyslots) == 2
    slots = KeySlots.load(studio_service.paths.keyslots)
    assert user_slot_id("cleared") not in slots and user_slot_id("inactive") not in slots
    assert user_slot_id(ADMIN) in slots
