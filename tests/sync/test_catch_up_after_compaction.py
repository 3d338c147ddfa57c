"""A device away longer than the relay keeps messages (they were compacted into the studio's snapshot) catches up from
the snapshot, merged field by field like a pulled page: what it wrote meanwhile, pushed or not, survives where it is
newer, the others' edits, new rows and deletions arrive, and every device ends with the same studio."""

from __future__ import annotations

import pytest

from app.relay.store import Limits
from app.sync.relay_client import RelayClient, RelayUnavailableError
from tests.sync.support_devices import TICKS, dump
from tests.sync.test_key_rotation import _credential, _service
from tests.sync.test_merge_rules import DAY, PAYMENT, SESSION, _base, _write
from tests.sync.test_sync_through_relay import _copy


@pytest.fixture(autouse=True)
def _fake_clock(monkeypatch):
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(TICKS))


@pytest.fixture
def relay_limits() -> Limits:
    return Limits(keep_days=0)  # a snapshot compacts every message it covers at once


def test_a_device_back_after_compaction_catches_up_from_the_snapshot_and_keeps_its_own_writes(
        opened, tmp_path, relay):
    client, artist = _base(opened.db)
    a = opened.db
    _service(a).start(opened.user, relay.url)
    a.engine.dispose()
    away = _copy(opened, tmp_path, "away")
    _service(away).join(opened.user, relay.url, _service(a).invite(opened.user))
    _service(away).sync_now()

    _write(a, "UPDATE clients SET notes = 'written at the front desk', email = 'a@example.org' WHERE id = ?", client)
    _write(a, PAYMENT, "paid-at-a", 2500, artist)
    _write(a, SESSION, "booked-then-deleted", client, artist, "2027-03-02 10:00:00.000000", 60)
    _write(a, "DELETE FROM sessions WHERE id = 'booked-then-deleted'")
    _write(a, DAY, "day-closed-at-a")
    _write(a, "UPDATE register_days SET closed_at = '2027-03-01 20:00:00.000000', counted_cash_minor = 2500")
    _write(away, "UPDATE clients SET email = 'newer@example.org' WHERE id = ?", client)  # later than A's email
    _write(away, PAYMENT, "paid-while-away", 4000, artist)
    _service(a).sync_now()
    _service(a).snapshot_now(opened.user)  # covers everything so far; the relay drops those messages
    with pytest.raises(RelayUnavailableError, match="snapshot"):
        RelayClient(relay.url, _credential(away)).pull(0)

    _service(away).sync_now()  # pushes its own, then: gone -> the snapshot, merged
    _service(a).sync_now()

    assert dump(a) == dump(away)
    with away.read() as conn:
        notes, email = conn.exec_driver_sql("SELECT notes, email FROM clients WHERE id = ?", (client,)).one()
        paid = {row[0] for row in conn.exec_driver_sql("SELECT id FROM payments")}
    assert (notes, email) == ("written at the front desk", "newer@example.org")
    assert {"paid-at-a", "paid-while-away"} <= paid
    with away.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sessions WHERE id = 'booked-then-deleted'").scalar() == 0
        closed = conn.exec_driver_sql("SELECT closed_at FROM register_days WHERE day = '2027-03-01'").scalar()
        first = conn.exec_driver_sql("SELECT count(*) FROM sync_versions WHERE tbl = 'register_days' "
                                     "AND field = '-first_close'").scalar()
    assert closed is not None and first == 1  # the day's first close came with the snapshot
