"""Hypothesis drives three devices of one studio through a real relay on PostgreSQL: random bookings, moves, edits,
payments, day closes and deletions, syncs of some devices only (partitions) and replayed pulls (duplicated
deliveries). After everyone syncs, every device holds the same studio data and every payment (the conflicts lists
are not compared here yet: see the note in `converged`)."""

from __future__ import annotations

import itertools
import uuid

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from app.db.engine import Database
from tests.sync.support_devices import dump
from tests.sync.test_merge_rules import PAYMENT, SESSION, _base, _write
from tests.sync.test_sync_through_relay import _copy, _service

DEVICE = st.integers(0, 2)
_examples = itertools.count()


def test_three_devices_converge_after_any_offline_history(opened, tmp_path, relay, monkeypatch):
    ticks = itertools.count(1_900_000_000_000, 13)
    monkeypatch.setattr("app.db.node.now_ms", lambda: next(ticks))
    client, artist = _base(opened.db)
    opened.db.engine.dispose()
    user = opened.user

    class Studio(RuleBasedStateMachine):
        """Three devices, one relay; the model keeps only what must survive: the payments."""

        @initialize()
        def pair(self) -> None:
            folder = tmp_path / f"example{next(_examples)}"
            folder.mkdir()
            first = _copy(opened, folder, "a")
            _service(first).start(user, relay.url)
            first.engine.dispose()
            self.devices: list[Database] = [first]
            for name in ("b", "c"):
                db = _copy(type("O", (), {"db": first})(), folder, name)
                _service(db).join(user, relay.url, _service(first).invite(user))
                self.devices.append(db)
            self.sessions: list[str] = []
            self.paid: dict[str, int] = {}

        def teardown(self) -> None:
            for db in getattr(self, "devices", []):
                db.engine.dispose()

        @rule(d=DEVICE, day=st.integers(1, 3), hour=st.integers(9, 12), minutes=st.sampled_from([30, 60, 120]))
        def book(self, d: int, day: int, hour: int, minutes: int) -> None:
            sid = uuid.uuid4().hex
            _write(self.devices[d], SESSION, sid, client, artist, f"2027-03-0{day} {hour:02d}:00:00.000000", minutes)
            self.sessions.append(sid)

        @rule(d=DEVICE, pick=st.integers(0, 50), hour=st.integers(9, 12))
        def move(self, d: int, pick: int, hour: int) -> None:
            if self.sessions:
                _write(self.devices[d], "UPDATE sessions SET starts_at = ? WHERE id = ?",
                       f"2027-03-01 {hour:02d}:00:00.000000", self.sessions[pick % len(self.sessions)])

        @rule(d=DEVICE, pick=st.integers(0, 50))
        def delete(self, d: int, pick: int) -> None:
            if self.sessions:
                _write(self.devices[d], "DELETE FROM sessions WHERE id = ?", self.sessions[pick % len(self.sessions)])

        @rule(d=DEVICE, field=st.sampled_from(["notes", "phone", "email"]), value=st.text("abc", max_size=4))
        def edit(self, d: int, field: str, value: str) -> None:
            _write(self.devices[d], f"UPDATE clients SET {field} = ? WHERE id = ?", value, client)

        @rule(d=DEVICE, amount=st.integers(1, 500))
        def pay(self, d: int, amount: int) -> None:
            pid = uuid.uuid4().hex
            _write(self.devices[d], PAYMENT, pid, amount, artist)
            self.paid[pid] = amount

        @rule(d=DEVICE)
        def close_day(self, d: int) -> None:
            _write(self.devices[d], "INSERT OR IGNORE INTO register_days(id, created_at, updated_at, day, "
                   "opening_float_minor) VALUES (?, '2027-01-01', '2027-01-01', '2027-03-01', 0)", uuid.uuid4().hex)
            _write(self.devices[d], "UPDATE register_days SET closed_at = '2027-03-01 20:00:00.000000' "
                   "WHERE day = '2027-03-01'")

        @rule(d=DEVICE)
        def sync(self, d: int) -> None:  # only this device is online: the others are partitioned away
            _service(self.devices[d]).sync_now()

        @rule(d=DEVICE, back=st.integers(1, 5))
        def replay(self, d: int, back: int) -> None:  # the relay delivers some messages again
            _write(self.devices[d], "UPDATE sync_node SET pulled_seq = max(0, pulled_seq - ?)", back)

        @invariant()
        def money_is_never_lost_locally(self) -> None:
            for db in getattr(self, "devices", []):
                with db.read() as conn:
                    assert conn.exec_driver_sql("SELECT count(*) FROM payments").scalar() <= len(self.paid)

        def converged(self) -> None:
            for _round in range(2):
                for db in self.devices:
                    _service(db).sync_now()
            dumps = [{t: rows for t, rows in dump(db).items() if t != "sync_conflicts"} for db in self.devices]
            assert dumps[0] == dumps[1] == dumps[2]
            # KNOWN GAP (reported): the conflicts list records what a device SAW, so after moves and deletions
            # (double bookings) or some close/payment orders it can differ between devices; the deterministic
            # scenarios in test_merge_rules.py and test_sync_through_relay.py check the lists. Data and money here.
            with self.devices[0].read() as conn:
                total = conn.exec_driver_sql("SELECT coalesce(sum(amount_minor), 0) FROM payments").scalar()
            assert total == sum(self.paid.values())

    class Checked(Studio):
        def teardown(self) -> None:
            try:
                if hasattr(self, "devices"):
                    self.converged()
            finally:
                super().teardown()

    # No shrinking: each step is real SQLCipher and HTTP, and shrinking a long history took over five minutes.
    run_state_machine_as_test(Checked, settings=settings(
        max_examples=15, stateful_step_count=25, deadline=None, phases=[Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
