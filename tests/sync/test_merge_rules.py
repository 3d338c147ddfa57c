"""The merge rules, device against device without a relay: real studios exchange their outboxes (duplicated and
shuffled within each delivery) and end up with identical data, every clash in the conflicts list on every device."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from app.db.sync_apply import apply_changes, check_outgoing, outbox_after
from app.domain.hlc import ClockDriftError
from tests.sync.support_devices import TICKS, conflicts, devices_of, dump


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(TICKS))


def _write(db, sql: str, *params) -> None:
    with db.write() as conn:
        conn.exec_driver_sql(sql, params)


def _exchange(devices, rng: random.Random, positions: dict) -> None:
    """Every device sends what it has not sent yet to every other; deliveries arrive duplicated and shuffled."""
    sent = {}
    for i, db in enumerate(devices):
        with db.write() as conn:
            batch = outbox_after(conn, positions.get(i, 0), 10_000)
            check_outgoing(conn, [change for _seq, change in batch])
        positions[i] = batch[-1][0] if batch else positions.get(i, 0)
        sent[i] = [change for _seq, change in batch]
    for i, db in enumerate(devices):
        incoming = [c for j, changes in sent.items() if j != i for c in changes]
        incoming += rng.sample(incoming, len(incoming) // 2)  # duplicates
        rng.shuffle(incoming)
        with db.write() as conn:
            apply_changes(conn, db.path, incoming)


def _base(db) -> tuple[str, str]:
    """A client and the admin (an artist) every device starts with."""
    with db.write() as conn:
        artist = conn.exec_driver_sql("SELECT id FROM users").scalar()
        conn.exec_driver_sql("INSERT INTO clients(id, created_at, updated_at, first_name, last_name, "
                             "marketing_consent, photo_consent) VALUES ('cl1', '2027-01-01', '2027-01-01', "
                             "'Ada', 'Lovelace', 0, 0)")
        conn.exec_driver_sql("INSERT INTO plugin_data(id, created_at, updated_at, plugin, key, value) "
                             "VALUES ('pd1', '2027-01-01', '2027-01-01', 'loyalty', 'cl1', '3')")
    return "cl1", artist


SESSION = ("INSERT INTO sessions(id, created_at, updated_at, client_id, artist_id, starts_at, duration_min, status, "
           "placement, description, quote_minor, deposit_required_minor, design_refs, version) "
           "VALUES (?, '2027-01-01', '2027-01-01', ?, ?, ?, ?, 'booked', '', '', 0, 0, '[]', 1)")
PAYMENT = ("INSERT INTO payments(id, created_at, updated_at, amount_minor, method, kind, client_id, taken_by, "
           "taken_at, register_day, note) VALUES (?, '2027-01-01', '2027-01-01', ?, 'cash', 'payment', 'cl1', ?, "
           "'2027-03-01 12:00:00.000000', '2027-03-01', '')")
DAY = ("INSERT INTO register_days(id, created_at, updated_at, day, opening_float_minor) "
       "VALUES (?, '2027-01-01', '2027-01-01', '2027-03-01', 0)")


def test_two_devices_editing_offline_converge_and_both_see_every_clash(opened, tmp_path):
    client, artist = _base(opened.db)
    a, b = devices_of(opened, tmp_path, 2)
    _write(a, "UPDATE clients SET phone = '+34 600 000 000' WHERE id = ?", client)  # different fields: both kept
    _write(b, "UPDATE clients SET email = 'ada@example.org' WHERE id = ?", client)
    _write(a, "UPDATE clients SET notes = 'from A' WHERE id = ?", client)  # same field: the later stamp wins
    _write(b, "UPDATE clients SET notes = 'from B' WHERE id = ?", client)
    _write(a, SESSION, "sA", client, artist, "2027-03-01 10:00:00.000000", 60)  # one artist, overlapping hours
    _write(b, SESSION, "sB", client, artist, "2027-03-01 10:30:00.000000", 60)
    _write(a, PAYMENT, "pA", 5000, artist)  # money: both payments kept, never a merged total
    _write(b, PAYMENT, "pB", 2500, artist)
    _write(a, DAY, "dayA")  # both open the same register day: one row under the smaller id
    _write(b, DAY, "dayB")
    _write(a, "UPDATE register_days SET closed_at = '2027-03-01 20:00:00.000000', counted_cash_minor = 5000")
    _write(b, PAYMENT, "pLate", 1000, artist)  # taken on B after A closed the day
    _write(a, "DELETE FROM plugin_data WHERE id = 'pd1'")
    _write(b, "UPDATE plugin_data SET value = '4' WHERE id = 'pd1'")  # edited after A deleted it

    rng, positions = random.Random(7), {}
    _exchange([a, b], rng, positions)
    _exchange([a, b], rng, positions)  # nothing new: applying again changes nothing

    assert dump(a) == dump(b)
    data = dump(a)
    row = next(r for r in data["clients"] if client in r)
    assert "+34 600 000 000" in row and "ada@example.org" in row and "from B" in row and "from A" not in row
    assert {r for p in data["payments"] for r in p} >= {"pA", "pB", "pLate"} and len(data["payments"]) == 3
    assert len(data["register_days"]) == 1 and "dayA" in data["register_days"][0]
    assert data["plugin_data"] == []
    kinds = {kind for kind, _rows in conflicts(a)}
    assert kinds == {"double_booking", "payment_on_closed_day", "edited_after_delete"}
    assert conflicts(a) == conflicts(b)


@pytest.mark.parametrize("seed", [11, 3, 5, 8])
def test_three_devices_converge_whatever_the_delivery_order(opened, tmp_path, seed):
    client, artist = _base(opened.db)
    devices = devices_of(opened, tmp_path, 3)
    rng = random.Random(seed)
    for step in range(30):
        db = rng.choice(devices)
        roll = rng.random()
        if roll < 0.3:
            _write(db, SESSION, f"s{step}", client, artist, f"2027-03-0{rng.randint(1, 3)} 1{rng.randint(0, 5)}:00:00"
                   ".000000", 60)
        elif roll < 0.6:
            _write(db, PAYMENT, f"p{step}", rng.randint(1, 9) * 1000, artist)
        else:
            _write(db, "UPDATE clients SET notes = ?, phone = ? WHERE id = ?", f"n{step}", f"{step}", client)
        if rng.random() < 0.3:  # a partial exchange: only some devices are online
            _exchange(rng.sample(devices, 2), rng, {})
    positions: dict = {}
    _exchange(devices, rng, positions)
    assert dump(devices[0]) == dump(devices[1]) == dump(devices[2])
    assert conflicts(devices[0]) == conflicts(devices[1]) == conflicts(devices[2])


def test_a_change_stamped_far_in_the_future_is_refused_and_nothing_is_applied(opened, tmp_path, monkeypatch):
    client, _artist = _base(opened.db)
    a, b = devices_of(opened, tmp_path, 2)
    monkeypatch.setattr("app.db.node.now_ms", lambda: int(datetime(2030, 1, 1, tzinfo=UTC).timestamp() * 1000))
    _write(a, "UPDATE clients SET notes = 'from the future' WHERE id = ?", client)
    with a.read() as conn:
        changes = [c for _seq, c in outbox_after(conn, 0, 100)]
    monkeypatch.setattr("app.db.node.now_ms", lambda: int(datetime(2029, 1, 1, tzinfo=UTC).timestamp() * 1000))
    with pytest.raises(ClockDriftError, match="one of the two clocks is wrong"), b.write() as conn:
        apply_changes(conn, b.path, changes)
    assert not any("from the future" in str(r) for r in dump(b)["clients"])


def test_a_payment_after_the_first_close_is_a_conflict_everywhere_whoever_closed_last(opened, tmp_path):
    _client, artist = _base(opened.db)
    a, b = devices_of(opened, tmp_path, 2)
    _write(a, DAY, "dayA")
    _write(a, "UPDATE register_days SET closed_at = '2027-03-01 20:00:00.000000'")
    _write(a, PAYMENT, "pA", 100, artist)  # after A's close
    _write(b, DAY, "dayB")
    _write(b, "UPDATE register_days SET closed_at = '2027-03-01 21:00:00.000000'")  # B closes later still
    rng, positions = random.Random(3), {}
    _exchange([a, b], rng, positions)
    assert dump(a) == dump(b)
    found = [("payment_on_closed_day", '[["payments", "pA"], ["register_day", "2027-03-01"]]')]
    assert conflicts(a) == conflicts(b) == found
