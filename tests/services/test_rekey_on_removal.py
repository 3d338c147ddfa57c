"""A leaver's password, or a leaked one, opens nothing current once the studio is re-keyed."""

from __future__ import annotations

import json

import pytest

from app.core.keyslots import RECOVERY_SLOT, KeySlots, user_slot_id
from app.db.engine import connect_raw
from app.domain.backups import VERIFIED
from app.domain.errors import AuthError
from app.services.backups import store as backup_store
from app.services.backups.mirror import FOLDER, MARKER
from app.services.backups.restore import restore_file
from app.services.clients.service import ClientService
from app.services.studio.rekey import LEAVER_NOTE
from app.services.users import UserService
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_backup import add_client, rebuilt
from tests.services.support_rekey import (
    LEAVER,
    LEAVER_PASSWORD,
    STAYER,
    STAYER_PASSWORD,
    add_crew,
    key_files,
    key_opens_db,
    make_legacy,
    opens_with,
)


@pytest.fixture
def drive(tmp_path):
    root = tmp_path / "usb2"
    root.mkdir()
    return root


@pytest.fixture
def users(opened, stick, clock):
    return UserService(opened.db, stick, clock)


def _backed_up_and_mirrored(backups, opened, drive):
    backups.backup_now(opened.user)
    backups.init_mirror(opened.user, drive)
    assert backups.mirror(opened.user).copied


def test_deactivation_shuts_the_leaver_out_of_every_key_file_and_the_live_database(
        created, opened, users, backups, drive, stick):
    service, code = created
    crew = add_crew(users, opened.user)
    _backed_up_and_mirrored(backups, opened, drive)
    old_key = opened.db.key()
    files = key_files(stick, drive)
    assert len(files) == 3 and all(opens_with(f, LEAVER, LEAVER_PASSWORD) == old_key for f in files)

    done = users.deactivate(opened.user, crew.leaver.id)

    assert not done.user.active and done.report.backup_files_cleaned == 1 and done.report.mirror_cleaned
    assert all(opens_with(f, LEAVER, LEAVER_PASSWORD) is None for f in key_files(stick, drive))
    assert all(user_slot_id(LEAVER) not in KeySlots.load(f) for f in key_files(stick, drive))
    assert not key_opens_db(stick.db, old_key)
    assert key_opens_db(stick.db, opened.db.key()) and opened.db.key() != old_key
    for name, password in ((ADMIN, ADMIN_PASSWORD), (STAYER, STAYER_PASSWORD)):
        service.unlock(name, password).close()
    service.unlock_with_recovery(code).close()
    with pytest.raises(AuthError):
        service.unlock(LEAVER, LEAVER_PASSWORD)
    # the stayers' slots in the backups still open that backup's (old) key, so they can restore
    assert opens_with(files[1], STAYER, STAYER_PASSWORD) == old_key
    assert "backups taken before today" in LEAVER_NOTE


def test_the_open_studio_keeps_working_through_a_rekey(opened, users, clock, stick):
    crew = add_crew(users, opened.user)
    add_client(opened, clock)
    users.deactivate(opened.user, crew.leaver.id)
    clients = ClientService(opened.db, clock)
    assert len(clients.search(opened.user, "Quixotefeather")) == 1
    add_client(opened, clock, "After", "Rekey")
    assert len(clients.search(opened.user, "Rekey")) == 1


def test_a_mirror_away_during_the_removal_forgets_the_slot_at_its_next_copy(
        opened, users, backups, drive, stick):
    crew = add_crew(users, opened.user)
    _backed_up_and_mirrored(backups, opened, drive)
    (drive / MARKER).rename(drive / "marker-away")
    done = users.deactivate(opened.user, crew.leaver.id)
    assert not done.report.mirror_cleaned
    mirrored = sorted((drive / FOLDER).glob("*.keyslots.json"))
    assert opens_with(mirrored[0], LEAVER, LEAVER_PASSWORD) is not None
    (drive / "marker-away").rename(drive / MARKER)
    backups.mirror(opened.user)
    assert opens_with(mirrored[0], LEAVER, LEAVER_PASSWORD) is None
    assert "forget_slots" not in json.loads((stick.data / "mirror.json").read_text())


def test_a_leaked_password_gets_a_new_key_and_the_old_password_opens_nothing(
        created, opened, users, backups, stick):
    service, code = created
    crew = add_crew(users, opened.user)
    backups.backup_now(opened.user)
    old_key = opened.db.key()

    done = users.password_leaked(opened.user, crew.stayer.id, "a fresh secret")

    assert done.user.token_version > crew.stayer.token_version  # their logins end
    assert not key_opens_db(stick.db, old_key)
    assert all(opens_with(f, STAYER, STAYER_PASSWORD) is None for f in key_files(stick))
    assert opens_with(stick.keyslots, STAYER, "a fresh secret") == opened.db.key()
    for name, password in ((ADMIN, ADMIN_PASSWORD), (LEAVER, LEAVER_PASSWORD), (STAYER, "a fresh secret")):
        service.unlock(name, password).close()
    service.unlock_with_recovery(code).close()


def test_a_backup_from_before_a_rekey_verifies_and_restores_under_the_new_key(
        opened, users, backups, clock, stick):
    crew = add_crew(users, opened.user)
    add_client(opened, clock)
    old = backups.backup_now(opened.user)
    old_key = opened.db.key()
    users.deactivate(opened.user, crew.leaver.id)
    users.password_leaked(opened.user, crew.stayer.id, "a fresh secret")  # two re-keys: history of two keys
    add_client(opened, clock, "After", "Rekey")

    assert [r.state for r in backups.verify(opened.user, old.name)] == [VERIFIED]
    backups.restore(opened.user, old.name)

    clients = ClientService(opened.db, clock)
    assert len(clients.search(opened.user, "Quixotefeather")) == 1 and not clients.search(opened.user, "Rekey")
    assert not key_opens_db(stick.db, old_key)
    assert key_opens_db(stick.db, KeySlots.load(stick.keyslots).unwrap_user(ADMIN, ADMIN_PASSWORD))


def test_the_command_line_restore_of_a_backup_from_before_a_rekey(created, opened, users, backups, stick):
    service, _ = created
    crew = add_crew(users, opened.user)
    old = backups.backup_now(opened.user)
    old_key = opened.db.key()
    users.deactivate(opened.user, crew.leaver.id)
    live_key = opened.db.key()
    opened.close()
    restore_file(stick, live_key, old.path)  # what `restore NAME` runs once the studio is closed
    assert not key_opens_db(stick.db, old_key)
    service.unlock(STAYER, STAYER_PASSWORD).close()


def test_a_studio_from_before_sealed_slots_upgrades_at_login_and_survives_a_rekey(created, stick, clock):
    service, code = created
    opened = service.unlock(ADMIN, ADMIN_PASSWORD)
    users = UserService(opened.db, stick, clock)
    crew = add_crew(users, opened.user)
    key = opened.db.key()
    opened.close()
    make_legacy(stick, key, {ADMIN: ADMIN_PASSWORD, LEAVER: LEAVER_PASSWORD, STAYER: STAYER_PASSWORD,
                             RECOVERY_SLOT: code})

    opened = service.unlock(ADMIN, ADMIN_PASSWORD)  # the admin's slot is sealed from now on
    try:
        slots = KeySlots.load(stick.keyslots)
        assert not slots.legacy(user_slot_id(ADMIN)) and slots.legacy(user_slot_id(STAYER))
        done = UserService(opened.db, stick, clock).deactivate(opened.user, crew.leaver.id)
    finally:
        opened.close()

    assert done.report.reset_needed == (STAYER,)  # never logged in since: their password is unknown
    assert done.report.recovery_code and done.report.recovery_code != code
    service.unlock(ADMIN, ADMIN_PASSWORD).close()
    service.unlock_with_recovery(done.report.recovery_code).close()
    with pytest.raises(AuthError, match="Ask an admin to reset your password"):
        service.unlock(STAYER, STAYER_PASSWORD)
    with pytest.raises(AuthError):
        service.unlock_with_recovery(code)
    assert not key_opens_db(stick.db, key)


def test_a_rekey_racing_a_password_change_never_leaves_a_slot_with_the_old_key(opened, users, stick):
    crew = add_crew(users, opened.user)
    stale = KeySlots.load(stick.keyslots)
    old_key = opened.db.key()
    users.deactivate(opened.user, crew.leaver.id)
    stale.put(user_slot_id(STAYER), "another one", old_key)
    with pytest.raises(Exception, match="key was renewed"):
        stale.save()
    assert opens_with(stick.keyslots, STAYER, STAYER_PASSWORD) == opened.db.key()
    with pytest.raises(Exception, match="key was renewed"):
        KeySlots.load(stick.keyslots).put(user_slot_id(STAYER), "another one", old_key)


def test_the_old_key_is_gone_from_the_file_system(opened, users, stick):
    """No file on the stick besides backups opens with the old key (the old database was replaced)."""
    crew = add_crew(users, opened.user)
    old_key = opened.db.key()
    users.deactivate(opened.user, crew.leaver.id)
    leftovers = [p for p in stick.data.iterdir() if p.is_file() and p.suffix == ".db"]
    assert leftovers == [stick.db]
    with pytest.raises(AuthError):
        connect_raw(stick.db, old_key)


def test_slots_planted_by_someone_without_the_key_get_nothing_from_a_rekey(opened, users, stick):
    """Someone with the stick but no key writes in slots of their own; the next key is not sealed to them."""
    crew = add_crew(users, opened.user)
    slots = KeySlots.load(stick.keyslots)
    for name in ("mallory", STAYER):  # an account that does not exist, and a real one's slot swapped
        planted = slots.prepare(user_slot_id(name), "planted secret")
        slots.slots[user_slot_id(name)] = {**planted.fields, "box": {}, "bind": "0" * 64}
    slots.save()

    done = users.deactivate(opened.user, crew.leaver.id)

    after = KeySlots.load(stick.keyslots)
    assert user_slot_id("mallory") not in after
    assert done.report.reset_needed == (STAYER,)
    assert opens_with(stick.keyslots, STAYER, "planted secret") is None
    assert opens_with(stick.keyslots, ADMIN, ADMIN_PASSWORD) == opened.db.key()


@pytest.mark.parametrize("rekey_first", [True, False], ids=["rekey-before-the-copy", "rekey-after-the-copy"])
def test_a_backup_racing_a_rekey_keeps_slots_that_open_it_and_not_the_leavers(
        opened, users, backups, stick, monkeypatch, rekey_first):
    crew = add_crew(users, opened.user)
    real_snapshot = backup_store.snapshot_with

    def snapshot_racing_a_removal(db, describe):
        if rekey_first:
            users.deactivate(opened.user, crew.leaver.id)
        taken = real_snapshot(db, describe)
        if not rekey_first:
            users.deactivate(opened.user, crew.leaver.id)
        return taken

    monkeypatch.setattr(backup_store, "snapshot_with", snapshot_racing_a_removal)
    taken = backups.backup_now(opened.user)
    beside = stick.backups / taken.name.replace(".db", ".keyslots.json")
    assert opens_with(beside, LEAVER, LEAVER_PASSWORD) is None
    with rebuilt(stick.backups, taken.name) as file:
        assert key_opens_db(file, opens_with(beside, STAYER, STAYER_PASSWORD))
