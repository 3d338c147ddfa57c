"""Hypothesis drives three devices of one studio through a real relay on PostgreSQL: random bookings, moves, session
edits and cancellations, client edits, payments (also by an account another device deactivates), day closes and
reopenings, deletions, a person resolving a conflict, syncs of some devices only (partitions), replayed pulls and
scrambled deliveries (a relay stub that shuffles and repeats what the relay sends: duplicated and reordered), and
clock offsets within and past the drift limit (past it, a device refuses with the sentence naming the wrong clock).
After the clocks are fixed and everyone syncs: every device holds the same studio (canonical dumps, the conflicts
list included), money sums equal the union of payments, and every rule violation found in the data by this test's
own reading of it is in the conflicts list on every device, and every open conflict is such a violation.

Runs 10 examples of 25 steps here (< 2 minutes); for a longer local run set SYNC_STATEFUL_EXAMPLES=200 and
SYNC_STATEFUL_STEPS=60 (the timeout grows with them)."""

from __future__ import annotations

import itertools
import os
import random
import uuid
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from app.db.engine import Database
from app.db.sync_rules import LATER_CHANGE, conflict_id
from app.domain.hlc import DRIFT_LIMIT_MS, ClockDriftError
from app.services.sync.service import SyncService
from app.sync.relay_client import Pulled, RelayClient
from tests.sync.support_devices import dump
from tests.sync.test_merge_rules import PAYMENT, SESSION, _base, _write
from tests.sync.test_sync_through_relay import _copy

DEVICE = st.integers(0, 2)
MINUTE = 60_000
OFFSETS = [-6 * MINUTE, -2 * MINUTE, 0, 2 * MINUTE, 6 * MINUTE]  # within and past the five-minute drift limit
STAFF = ("INSERT INTO users(id, created_at, updated_at, username, display_name, role, is_artist, commission_pct, "
         "token_version, active) VALUES ('staff1', '2027-01-01', '2027-01-01', 'kim', 'Kim', 'staff', 0, 0, 1, 1)")
LIVE = {"booked", "confirmed", "in_progress", "done"}
EXAMPLES = int(os.environ.get("SYNC_STATEFUL_EXAMPLES", "10"))  # a longer local run: 200 examples of 60 steps
STEPS = int(os.environ.get("SYNC_STATEFUL_STEPS", "25"))
_examples = itertools.count()


class Clocks:
    """The true time (what the relay says) and each device's error; `now()` is the clock of the device acting."""

    def __init__(self) -> None:
        self.base, self.offsets, self.current = 1_900_000_000_000, [0, 0, 0], 0

    def now(self) -> int:
        self.base += 13
        return self.base + self.offsets[self.current]


class Scrambled:
    """The relay client, but what a pull returns comes shuffled and partly repeated (the last message by sequence
    stays last: the device's pull position). The relay's clock is the true time."""

    def __init__(self, inner: RelayClient, rng: random.Random | None, clocks: Clocks):
        self.inner, self.rng, self.clocks = inner, rng, clocks

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def pull(self, after: int, limit: int = 200) -> Pulled:
        page = self.inner.pull(after, limit)
        messages = list(page.messages)
        if self.rng is not None and messages:
            last = max(messages)
            rest = [m for m in messages if m is not last] + self.rng.sample(messages, len(messages) // 2 + 1)
            self.rng.shuffle(rest)
            messages = rest + [last]
        return Pulled(messages, page.more, self.clocks.base)


def violations(db: Database) -> set[str]:
    """The conflict ids of every rule the data breaks, read here from the data and its stamps, not by the app."""
    with db.read() as conn:
        sessions = conn.exec_driver_sql("SELECT id, artist_id, starts_at, duration_min, status FROM sessions").all()
        payments = conn.exec_driver_sql("SELECT id, register_day, taken_by FROM payments").all()
        closed = {r[0] for r in conn.exec_driver_sql("SELECT day FROM register_days WHERE closed_at IS NOT NULL")}
        inactive = {r[0] for r in conn.exec_driver_sql("SELECT id FROM users WHERE active = 0")}
        stamps = {(r[0], r[1], r[2]): r[3] for r in conn.exec_driver_sql(
            "SELECT tbl, row_id, field, hlc FROM sync_versions WHERE field IN ('id', '-first_close', 'active')")}
    found = set()
    spans = [(s[0], s[1], datetime.fromisoformat(s[2]), timedelta(minutes=s[3])) for s in sessions if s[4] in LIVE]
    for (a, artist_a, start_a, len_a), (b, artist_b, start_b, len_b) in itertools.combinations(spans, 2):
        if artist_a == artist_b and start_a < start_b + len_b and start_b < start_a + len_a:
            found.add(conflict_id("double_booking", [("sessions", a), ("sessions", b)]))
    for pid, day, taken_by in payments:
        taken = stamps[("payments", pid, "id")]
        if day in closed and taken > stamps[("register_days", day, "-first_close")]:
            found.add(conflict_id("payment_on_closed_day", [("payments", pid), ("register_day", day)]))
        if taken_by in inactive and taken > stamps[("users", taken_by, "active")]:
            found.add(conflict_id("inactive_user_wrote", [("payments", pid), ("users", taken_by)]))
    return found


@pytest.mark.timeout(max(600, EXAMPLES * STEPS * 5))
def test_three_devices_converge_after_any_offline_history(opened, tmp_path, relay, monkeypatch):
    clocks = Clocks()
    monkeypatch.setattr("app.db.node.now_ms", clocks.now)
    client, artist = _base(opened.db)
    _write(opened.db, STAFF)
    opened.db.engine.dispose()
    user = opened.user

    class Studio(RuleBasedStateMachine):
        """Three devices, one relay; the model keeps what must survive (the payments) and who had a wrong clock."""

        @initialize(offsets=st.lists(st.sampled_from(OFFSETS), min_size=3, max_size=3),
                    hours=st.lists(st.integers(9, 11), min_size=3, max_size=3),
                    amounts=st.lists(st.integers(1, 500), min_size=3, max_size=3))
        def pair(self, offsets: list[int], hours: list[int], amounts: list[int]) -> None:
            clocks.offsets = [0, 0, 0]
            folder = tmp_path / f"example{next(_examples)}"
            folder.mkdir()
            first = _copy(opened, folder, "a")
            self.devices: list[Database] = [first]
            self.service(0).start(user, relay.url)
            first.engine.dispose()
            for name in ("b", "c"):
                db = _copy(type("O", (), {"db": first})(), folder, name)
                self.devices.append(db)
                SyncService(db, RelayClient).join(user, relay.url, self.service(0).invite(user))
            self.nodes = []
            for db in self.devices:
                with db.read() as conn:
                    self.nodes.append(conn.exec_driver_sql("SELECT node_id FROM sync_node").scalar())
            self.sessions: list[str] = []
            self.paid: dict[str, int] = {}
            self.ever_ahead: set[int] = set()
            for d, offset in enumerate(offsets):  # the devices' clocks as they come, some beyond the limit
                self.set_clock(d, offset)
            for d in range(3):  # every device books and takes a payment before anyone syncs: no empty example
                self.book(d, 1, hours[d], 60)
                self.pay(d, amounts[d], d == 2)

        def service(self, d: int, rng: random.Random | None = None) -> SyncService:
            clocks.current = d
            return SyncService(self.devices[d], lambda url, credential: Scrambled(RelayClient(url, credential),
                                                                                   rng, clocks))

        def write(self, d: int, sql: str, *params) -> None:
            clocks.current = d
            _write(self.devices[d], sql, *params)

        def teardown(self) -> None:
            for db in getattr(self, "devices", []):
                db.engine.dispose()

        def pick(self, pick: int) -> str | None:
            return self.sessions[pick % len(self.sessions)] if self.sessions else None

        @rule(d=DEVICE, day=st.integers(1, 2), hour=st.integers(9, 11), minutes=st.sampled_from([60, 120]))
        def book(self, d: int, day: int, hour: int, minutes: int) -> None:
            sid = uuid.uuid4().hex
            self.write(d, SESSION, sid, client, artist, f"2027-03-0{day} {hour:02d}:00:00.000000", minutes)
            self.sessions.append(sid)

        @rule(d=DEVICE, pick=st.integers(0, 50), action=st.sampled_from(["move", "stretch", "cancel", "rebook",
                                                                       "delete"]), hour=st.integers(9, 11))
        def change_session(self, d: int, pick: int, action: str, hour: int) -> None:
            sid = self.pick(pick)
            if sid is None:
                return
            if action == "move":
                self.write(d, "UPDATE sessions SET starts_at = ? WHERE id = ?", f"2027-03-01 {hour:02d}:00:00.000000",
                           sid)
            elif action == "stretch":
                self.write(d, "UPDATE sessions SET duration_min = ? WHERE id = ?", 30 * hour, sid)
            elif action in ("cancel", "rebook"):
                self.write(d, "UPDATE sessions SET status = ? WHERE id = ?",
                           "cancelled" if action == "cancel" else "confirmed", sid)
            else:
                self.write(d, "DELETE FROM sessions WHERE id = ?", sid)

        @rule(d=DEVICE, field=st.sampled_from(["notes", "phone", "email"]), value=st.text("abc", max_size=4))
        def edit(self, d: int, field: str, value: str) -> None:
            self.write(d, f"UPDATE clients SET {field} = ? WHERE id = ?", value, client)

        @rule(d=DEVICE, amount=st.integers(1, 500), by_staff=st.booleans())
        def pay(self, d: int, amount: int, by_staff: bool) -> None:
            pid = uuid.uuid4().hex
            self.write(d, PAYMENT, pid, amount, "staff1" if by_staff else artist)
            self.paid[pid] = amount

        @rule(d=DEVICE, active=st.booleans())
        def staff_active(self, d: int, active: bool) -> None:
            self.write(d, "UPDATE users SET active = ? WHERE id = 'staff1'", int(active))

        @rule(d=DEVICE, close=st.booleans())
        def close_day(self, d: int, close: bool) -> None:
            self.write(d, "INSERT OR IGNORE INTO register_days(id, created_at, updated_at, day, "
                       "opening_float_minor) VALUES (?, '2027-01-01', '2027-01-01', '2027-03-01', 0)", uuid.uuid4().hex)
            self.write(d, "UPDATE register_days SET closed_at = ? WHERE day = '2027-03-01'",
                       "2027-03-01 20:00:00.000000" if close else None)

        @rule(d=DEVICE, pick=st.integers(0, 50))
        def resolve(self, d: int, pick: int) -> None:  # a person marks an open conflict resolved
            with self.devices[d].read() as conn:
                open_ids = [r[0] for r in conn.exec_driver_sql(
                    "SELECT id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id")]
            if open_ids:
                self.write(d, "UPDATE sync_conflicts SET resolved_at = '2027-03-02T10:00:00', resolved_by = ? "
                           "WHERE id = ?", user.id, open_ids[pick % len(open_ids)])

        @rule(online=st.lists(DEVICE, min_size=1, max_size=3, unique=True), scramble=st.booleans(),
              seed=st.integers(0, 1000), back=st.sampled_from([0, 0, 2, 5]))
        def sync(self, online: list[int], scramble: bool, seed: int, back: int) -> None:  # the others are offline
            if back:  # the relay delivers some messages again
                self.write(online[0], "UPDATE sync_node SET pulled_seq = max(0, pulled_seq - ?)", back)
            for d in online:
                try:
                    self.service(d, random.Random(seed) if scramble else None).sync_now()
                except ClockDriftError as exc:
                    self.refused(d, str(exc))

        def refused(self, d: int, sentence: str) -> None:
            """A refusal names the wrong clock: this computer's when it is off, else a device that ran ahead."""
            assert self.service(d).status(user).last_error == sentence
            if abs(clocks.offsets[d]) > DRIFT_LIMIT_MS:
                assert sentence.startswith("This computer's clock is"), sentence
            else:  # another device's (one set ahead, or one whose clock took a stamp from it)
                named = [n for n in range(3) if n != d and self.nodes[n][:8] in sentence]
                assert named and self.ever_ahead and "its clock is wrong" in sentence, sentence

        @rule(d=DEVICE, offset=st.sampled_from(OFFSETS))
        def set_clock(self, d: int, offset: int) -> None:
            clocks.offsets[d] = offset
            if offset > 0:
                self.ever_ahead.add(d)

        @rule()
        def fix_clocks(self) -> None:  # someone sets every clock right, and time passes
            clocks.offsets = [0, 0, 0]
            clocks.base += max(OFFSETS) + MINUTE

        @invariant()
        def money_is_never_lost_locally(self) -> None:
            for db in getattr(self, "devices", []):
                with db.read() as conn:
                    assert conn.exec_driver_sql("SELECT count(*) FROM payments").scalar() <= len(self.paid)

        def converged(self) -> None:
            self.fix_clocks()
            for _round in range(4):
                applied = sum(self.service(d).sync_now().applied for d in range(3))
                if applied == 0 and _round > 0:
                    break
            dumps = [dump(db) for db in self.devices]
            assert dumps[0] == dumps[1] == dumps[2]
            with self.devices[0].read() as conn:
                total = conn.exec_driver_sql("SELECT coalesce(sum(amount_minor), 0) FROM payments").scalar()
            assert total == sum(self.paid.values())
            for db in self.devices:
                broken = violations(db)
                with db.read() as conn:
                    rows = conn.exec_driver_sql("SELECT id, kind, resolved_at, resolved_by FROM sync_conflicts").all()
                listed = {r[0] for r in rows if r[3] != LATER_CHANGE}
                open_state = {r[0] for r in rows if r[2] is None and r[1] in (
                    "double_booking", "payment_on_closed_day", "inactive_user_wrote")}
                assert broken <= listed, broken - listed
                assert open_state <= broken, open_state - broken
            assert violations(self.devices[0]) == violations(self.devices[1]) == violations(self.devices[2])

    class Checked(Studio):
        def teardown(self) -> None:
            try:
                if hasattr(self, "devices"):
                    self.converged()
            finally:
                super().teardown()

    # No shrinking: each step is real SQLCipher and HTTP, and shrinking a long history took over five minutes.
    run_state_machine_as_test(Checked, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        phases=[Phase.reuse, Phase.generate],
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
