"""A new user's slot and a re-key share one lock, taken in one order: neither waits on the other for
good, and the new slot is always sealed to the key the studio ends up with."""

from __future__ import annotations

import threading

import pytest

from app.core.keyslots import KeySlots, user_slot_id
from app.services.studio import rekey
from app.services.users import UserService
from tests.services.support_rekey import LEAVER, LEAVER_PASSWORD, STAYER, STAYER_PASSWORD, add_crew, opens_with

NEWCOMER, NEWCOMER_PASSWORD = "nina", "newcomer password"


@pytest.fixture
def users(opened, stick):
    return UserService(opened.db, stick)


def _in_thread(target, *args, **kwargs) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(target(*args, **kwargs))
        except BaseException as exc:  # reported by the test, not lost in the thread
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _create_newcomer(users, admin):
    return users.create(admin, username=NEWCOMER, display_name="Nina", role="staff", password=NEWCOMER_PASSWORD)


def test_a_rekey_starting_inside_a_user_creation_waits_for_it_and_neither_hangs(opened, users, stick, monkeypatch):
    crew = add_crew(users, opened.user)
    in_row, release = threading.Event(), threading.Event()
    real_audit = users._audit

    def slow_audit(conn, actor, action, target, summary):
        if action == "create":
            in_row.set()  # the new row is written, its transaction still open
            assert release.wait(30)
        real_audit(conn, actor, action, target, summary)

    monkeypatch.setattr(users, "_audit", slow_audit)
    creating, created = _in_thread(_create_newcomer, users, opened.user)
    assert in_row.wait(30)
    rekeying, rekeyed = _in_thread(rekey.rekey_studio, opened.db, stick, {user_slot_id(LEAVER)})
    rekeying.join(0.5)
    assert rekeying.is_alive()  # the re-key waits for the creation to finish
    release.set()
    creating.join(60)
    rekeying.join(60)
    assert not creating.is_alive() and not rekeying.is_alive(), "a creation and a re-key waited on each other"
    assert not isinstance(created[0], BaseException) and not isinstance(rekeyed[0], BaseException)
    key = opened.db.key()
    assert opens_with(stick.keyslots, NEWCOMER, NEWCOMER_PASSWORD) == key
    assert opens_with(stick.keyslots, STAYER, STAYER_PASSWORD) == key
    assert opens_with(stick.keyslots, LEAVER, LEAVER_PASSWORD) is None
    assert crew.leaver is not None


def test_a_user_created_while_a_rekey_runs_is_sealed_to_the_new_key(opened, users, stick, monkeypatch):
    add_crew(users, opened.user)
    old_key = opened.db.key()
    exporting, release = threading.Event(), threading.Event()
    real_export = rekey.export_keyed

    def slow_export(*args):
        exporting.set()
        assert release.wait(30)
        real_export(*args)

    monkeypatch.setattr(rekey, "export_keyed", slow_export)
    rekeying, rekeyed = _in_thread(rekey.rekey_studio, opened.db, stick, {user_slot_id(LEAVER)})
    assert exporting.wait(30)
    creating, created = _in_thread(_create_newcomer, users, opened.user)
    creating.join(0.5)
    assert creating.is_alive()  # prepared its slot, then waits for the re-key
    release.set()
    rekeying.join(60)
    creating.join(60)
    assert not creating.is_alive() and not rekeying.is_alive()
    assert not isinstance(created[0], BaseException) and not isinstance(rekeyed[0], BaseException)
    new_key = opened.db.key()
    assert new_key != old_key
    assert opens_with(stick.keyslots, NEWCOMER, NEWCOMER_PASSWORD) == new_key
    assert KeySlots.load(stick.keyslots).bound(user_slot_id(NEWCOMER), new_key)
