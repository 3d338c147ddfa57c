"""The conflicts list is a function of the converged data: a clash a later change undid is closed ("resolved by a
later change") on the device that saw it, reopened when it holds again, a person's resolution syncs, and a merge's
conflict keeps the same detail on every device whatever order the devices merged in."""

from __future__ import annotations

import random

import pytest

from app.db.sync_apply import apply_changes, check_outgoing, outbox_after
from app.db.sync_rules import LATER_CHANGE
from tests.sync.support_devices import TICKS, devices_of, dump
from tests.sync.test_merge_rules import SESSION, _base, _exchange, _write

USER = ("INSERT INTO users(id, created_at, updated_at, username, display_name, role, is_artist, commission_pct, "
        "token_version, active) VALUES (?, '2027-01-01', '2027-01-01', 'jo', ?, 'staff', 1, 0, 1, 1)")


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(TICKS))


def _send(src, dst) -> None:
    """Everything `src` ever wrote, delivered to `dst` alone (the others are offline)."""
    with src.write() as conn:
        changes = [change for _seq, change in outbox_after(conn, 0, 10_000)]
        check_outgoing(conn, changes)
    with dst.write() as conn:
        apply_changes(conn, dst.path, changes)


def listed(db) -> list[tuple]:
    """The conflicts list every device must agree on: open ones and those a person resolved, every column."""
    with db.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT * FROM sync_conflicts WHERE resolved_by IS NULL OR resolved_by != ? ORDER BY id",
            (LATER_CHANGE,))]


def _open(db) -> list[str]:
    with db.read() as conn:
        return [r[0] for r in conn.exec_driver_sql(
            "SELECT kind FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id")]


def test_a_double_booking_a_later_move_undid_is_closed_where_it_was_seen_and_reopened_when_it_holds_again(
        opened, tmp_path):
    client, artist = _base(opened.db)
    a, b, c = devices_of(opened, tmp_path, 3)
    _write(a, SESSION, "sA", client, artist, "2027-03-01 10:00:00.000000", 60)
    _write(b, SESSION, "sB", client, artist, "2027-03-01 10:00:00.000000", 60)
    _send(a, b)  # B sees both bookings at 10
    assert _open(b) == ["double_booking"]
    _write(a, "UPDATE sessions SET starts_at = '2027-03-01 14:00:00.000000' WHERE id = 'sA'")  # A moves its own
    rng, positions = random.Random(1), {}
    _exchange([a, b, c], rng, positions)  # C gets A's booking already moved: it never saw the clash
    assert dump(a) == dump(b) == dump(c)
    assert _open(a) == _open(b) == _open(c) == []
    with b.read() as conn:  # closed, not deleted, on the device that saw it
        assert conn.exec_driver_sql("SELECT resolved_by FROM sync_conflicts").scalar() == LATER_CHANGE
    assert listed(a) == listed(b) == listed(c) == []

    _write(c, "UPDATE sessions SET starts_at = '2027-03-01 14:30:00.000000' WHERE id = 'sB'")  # a clash again
    _exchange([a, b, c], rng, positions)
    assert _open(a) == _open(b) == _open(c) == ["double_booking"]
    assert listed(a) == listed(b) == listed(c)


def test_a_person_resolving_a_conflict_resolves_it_everywhere_and_no_later_change_reopens_it(opened, tmp_path):
    client, artist = _base(opened.db)
    a, b = devices_of(opened, tmp_path, 2)
    _write(a, SESSION, "sA", client, artist, "2027-03-01 10:00:00.000000", 60)
    _write(b, SESSION, "sB", client, artist, "2027-03-01 10:30:00.000000", 60)
    rng, positions = random.Random(2), {}
    _exchange([a, b], rng, positions)
    assert _open(a) == _open(b) == ["double_booking"]
    _write(b, "UPDATE sync_conflicts SET resolved_at = '2027-03-02T09:00:00', resolved_by = ?", artist)
    _write(a, "UPDATE sessions SET duration_min = 90 WHERE id = 'sA'")  # still a clash, touched again
    _exchange([a, b], rng, positions)
    assert _open(a) == _open(b) == []
    assert listed(a) == listed(b) and listed(a)[0][-1] == artist


def test_two_accounts_made_one_keep_the_same_detail_on_every_device_whatever_the_merge_order(opened, tmp_path):
    _base(opened.db)
    a, b, c = devices_of(opened, tmp_path, 3)
    _write(a, USER, "u9", "Jo from A")
    _write(b, USER, "u1", "Jo from B")
    _send(a, c)  # C merges A's account into B's; A and B each merge the other's
    _send(b, c)
    rng, positions = random.Random(3), {}
    _exchange([a, b, c], rng, positions)
    _exchange([a, b, c], rng, positions)  # the detail each device wrote travels and merges by stamp
    assert dump(a) == dump(b) == dump(c)
    assert _open(a) == ["merged_users"]
    assert listed(a) == listed(b) == listed(c)
