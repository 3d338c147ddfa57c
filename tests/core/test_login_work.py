"""Login work does not reveal which names exist, never runs under the container lock, and a user is
created with a key slot or not at all."""

from __future__ import annotations

import threading

import pytest

from app.container import Container
from app.core import crypto
from app.core.keyslots import KeySlots, user_slot_id
from app.domain.errors import AuthError, BusyError, StorageError
from tests.conftest import ADMIN, ADMIN_PASSWORD


@pytest.fixture
def derivations(monkeypatch):
    """Every Argon2 derivation made, as (memory_kib, iterations, lanes), still done for real."""
    made, real = [], crypto.derive_key

    def counting(secret, salt, params):
        made.append((params.memory_kib, params.iterations, params.lanes))
        return real(secret, salt, params)
    monkeypatch.setattr(crypto, "derive_key", counting)
    return made


def test_an_unknown_name_costs_the_same_derivation_as_a_known_one(created, derivations):
    service, _ = created
    with pytest.raises(AuthError, match="Wrong username or password"):
        service.unlock(ADMIN, "not the password")
    known = list(derivations)
    derivations.clear()
    with pytest.raises(AuthError, match="Wrong username or password"):
        service.unlock("nobody-by-this-name", "not the password")
    assert derivations == known and len(known) == 1


@pytest.fixture
def container(created, stick):
    made = Container(stick)
    yield made
    made.close()


def test_a_login_derives_without_holding_the_container_lock(container, monkeypatch):
    container.login(ADMIN, ADMIN_PASSWORD)  # the studio is open; later logins only check
    held_while_deriving, real = [], crypto.derive_key

    def watching(secret, salt, params):
        held_while_deriving.append(container._lock.locked())
        return real(secret, salt, params)
    monkeypatch.setattr(crypto, "derive_key", watching)
    container.login(ADMIN, ADMIN_PASSWORD)
    with pytest.raises(AuthError):
        container.login("nobody", "whatever password")
    assert held_while_deriving == [False, False]


def test_a_busy_derivation_creates_no_user(container, monkeypatch):
    admin = container.login(ADMIN, ADMIN_PASSWORD)

    def busy(secret, salt, params):
        raise BusyError(crypto.BUSY)
    monkeypatch.setattr(crypto, "derive_key", busy)
    with pytest.raises(BusyError, match="busy checking another password"):
        container.services.users.create(admin, username="ren", display_name="Ren", role="staff",
                                        password="ren password")
    monkeypatch.undo()
    assert [u.username for u in container.services.users.list_users(admin)] == [ADMIN]
    assert user_slot_id("ren") not in KeySlots.load(container.paths.keyslots)


def test_a_failed_slot_save_rolls_the_new_user_back(container, monkeypatch):
    admin = container.login(ADMIN, ADMIN_PASSWORD)

    def full(self):
        raise StorageError("The stick is full: free space and try again.")
    monkeypatch.setattr(KeySlots, "save", full)
    with pytest.raises(StorageError):
        container.services.users.create(admin, username="ren", display_name="Ren", role="staff",
                                        password="ren password")
    monkeypatch.undo()
    assert [u.username for u in container.services.users.list_users(admin)] == [ADMIN]
    assert user_slot_id("ren") not in KeySlots.load(container.paths.keyslots)


def test_concurrent_user_creations_each_keep_their_slot(container):
    admin = container.login(ADMIN, ADMIN_PASSWORD)
    errors = []

    def make(i):
        try:
            container.services.users.create(admin, username=f"artist{i}", display_name=f"A{i}",
                                            role="staff", password=f"password {i}")
        except Exception as exc:  # reported below
            errors.append(exc)
    threads = [threading.Thread(target=make, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    slots = KeySlots.load(container.paths.keyslots)
    for i in range(5):
        assert slots.unwrap_user(f"artist{i}", f"password {i}") == container.studio_key()
