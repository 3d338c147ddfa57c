"""Clocks past the drift limit, through a real relay: the device that refuses says which computer's clock is wrong
(another device running ahead, or its own running behind), its own changes still go out, and once the clock is set
right and time has passed, nothing written meanwhile is lost on any device."""

from __future__ import annotations

from app.db.engine import Database
from app.domain.hlc import ClockDriftError
from app.services.sync.service import SyncService
from app.sync.relay_client import RelayClient
from tests.sync.support_devices import dump
from tests.sync.test_merge_rules import PAYMENT, _base, _write
from tests.sync.test_sync_stateful import MINUTE, Clocks, Scrambled
from tests.sync.test_sync_through_relay import _copy


def _payments(db: Database) -> set[str]:
    with db.read() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT id FROM payments")}


def _sync(db: Database, clocks: Clocks, d: int):
    clocks.current = d
    return SyncService(db, lambda url, credential: Scrambled(RelayClient(url, credential), None, clocks)).sync_now()


def _refusal(db: Database, clocks: Clocks, d: int) -> str:
    try:
        _sync(db, clocks, d)
    except ClockDriftError as exc:
        return str(exc)
    raise AssertionError("the sync was not refused")


def test_a_clock_past_the_drift_limit_is_named_and_nothing_is_lost_once_it_is_set_right(opened, tmp_path, relay,
                                                                                          monkeypatch):
    clocks = Clocks()
    monkeypatch.setattr("app.db.node.now_ms", clocks.now)
    _client, artist = _base(opened.db)
    a = opened.db
    clocks.current = 0
    SyncService(a, RelayClient).start(opened.user, relay.url)
    a.engine.dispose()
    b = _copy(opened, tmp_path, "b")
    clocks.current = 1
    SyncService(b, RelayClient).join(opened.user, relay.url, SyncService(a, RelayClient).invite(opened.user))
    with a.read() as conn:
        node_a = conn.exec_driver_sql("SELECT node_id FROM sync_node").scalar()

    clocks.offsets[0] = 6 * MINUTE  # A's clock runs six minutes ahead
    clocks.current = 0
    _write(a, PAYMENT, "pAhead", 4200, artist)
    _sync(a, clocks, 0)
    sentence = _refusal(b, clocks, 1)
    assert node_a[:8] in sentence and "its clock is wrong" in sentence and "6 minutes" in sentence
    clocks.current = 1
    assert SyncService(b, RelayClient).status(opened.user).last_error == sentence
    _write(b, PAYMENT, "pMeanwhile", 1300, artist)
    assert _refusal(b, clocks, 1) == sentence  # still refused, but B's own payment went out
    assert _payments(b) == {"pMeanwhile"}

    clocks.offsets[0] = 0  # A's clock is set right, and time passes
    clocks.base += 7 * MINUTE
    _sync(b, clocks, 1)
    _sync(a, clocks, 0)
    assert _payments(a) == _payments(b) == {"pAhead", "pMeanwhile"}

    clocks.offsets[1] = -6 * MINUTE  # now B's own clock runs behind
    clocks.current = 0
    _write(a, PAYMENT, "pLater", 700, artist)
    _sync(a, clocks, 0)
    sentence = _refusal(b, clocks, 1)
    assert sentence.startswith("This computer's clock is 6 minutes behind")
    clocks.offsets[1] = 0
    _sync(b, clocks, 1)
    _sync(a, clocks, 0)
    assert _payments(b) == {"pAhead", "pMeanwhile", "pLater"}
    assert dump(a) == dump(b)
    b.engine.dispose()
