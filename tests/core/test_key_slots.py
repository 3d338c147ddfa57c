"""Key slots: one wrapped copy of the DB key per user and one for the recovery code."""

from __future__ import annotations

import json

import pytest

from app.core import crypto
from app.core.keyslots import RECOVERY_SLOT, KeySlots, user_slot_id
from app.domain.errors import AuthError, NoStudioError
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD


def test_kdf_meets_owasp_minimums_by_default():
    params = crypto.KdfParams()
    assert params.memory_kib >= 19 * 1024 and params.iterations >= 2


def test_user_password_and_recovery_code_unwrap_the_same_key(tmp_path):
    slots = KeySlots.create(tmp_path / "keyslots.json", db_id="db-1")
    key, code = crypto.new_db_key(), crypto.new_recovery_code()
    slots.put(user_slot_id("Ana"), "pass-word-1", key)
    slots.put(RECOVERY_SLOT, code, key)
    slots.save()
    loaded = KeySlots.load(tmp_path / "keyslots.json")
    assert loaded.unwrap_user("ana", "pass-word-1") == key
    assert loaded.unwrap_recovery(code.lower().replace("-", " ")) == key


def test_wrong_password_and_wrong_recovery_code_fail_with_sentences(created, stick):
    slots = KeySlots.load(stick.keyslots)
    with pytest.raises(AuthError, match="Wrong username or password"):
        slots.unwrap_user(ADMIN, "not the password")
    with pytest.raises(AuthError, match="Wrong username or password"):
        slots.unwrap_user("nobody", ADMIN_PASSWORD)
    wrong = crypto.new_recovery_code()
    with pytest.raises(AuthError, match="recovery code is not right"):
        slots.unwrap_recovery(wrong)
    with pytest.raises(AuthError, match="recovery code is not right"):
        slots.unwrap_recovery("too-short")


def test_password_change_rewraps_only_that_users_slot(created, stick):
    service, _ = created
    studio = service.unlock(ADMIN, ADMIN_PASSWORD)
    try:
        before = json.loads(stick.keyslots.read_text())["slots"]
        service.change_password(studio, ADMIN_PASSWORD, "a brand new one")
    finally:
        studio.close()
    after = json.loads(stick.keyslots.read_text())["slots"]
    assert after[RECOVERY_SLOT] == before[RECOVERY_SLOT]
    assert after[user_slot_id(ADMIN)] != before[user_slot_id(ADMIN)]
    with pytest.raises(AuthError):
        service.unlock(ADMIN, ADMIN_PASSWORD)
    service.unlock(ADMIN, "a brand new one").close()


def test_deactivating_a_user_removes_their_slot(opened, created, stick):
    service, _ = created
    users = UserService(opened.db, stick)
    temp = users.create(opened.user, username="temp", display_name="Temp", role="staff", password="temp-password")
    assert user_slot_id("temp") in KeySlots.load(stick.keyslots)
    users.update(opened.user, temp.id, active=False)
    assert user_slot_id("temp") not in KeySlots.load(stick.keyslots)
    with pytest.raises(AuthError):
        service.unlock("temp", "temp-password")


def test_a_slot_moved_to_another_user_does_not_open(created, stick):
    doc = json.loads(stick.keyslots.read_text())
    doc["slots"][user_slot_id("mallory")] = doc["slots"][user_slot_id(ADMIN)]
    stick.keyslots.write_text(json.dumps(doc))
    with pytest.raises(AuthError):
        KeySlots.load(stick.keyslots).unwrap_user("mallory", ADMIN_PASSWORD)


def test_saving_leaves_no_temp_file_behind(created, stick):
    KeySlots.load(stick.keyslots).save()
    assert not [p for p in stick.data.iterdir() if p.name.endswith(".tmp")]


def test_missing_key_file_says_how_to_create_a_studio(tmp_path):
    with pytest.raises(NoStudioError, match="Create one with `init` or `demo`"):
        KeySlots.load(tmp_path / "data" / "keyslots.json")


@pytest.mark.parametrize("typed", ["ABCD-EFGH", "", "!!!!"])
def test_malformed_recovery_codes_normalise_to_nothing(typed):
    assert crypto.normalise_recovery_code(typed) == ""


def test_recovery_code_reads_confusable_letters_as_digits():
    code = crypto.new_recovery_code()
    typed = code.replace("0", "o").replace("1", "l").lower()
    assert crypto.normalise_recovery_code(typed) == code
