"""The demo studio generator: real SQLCipher files at small scales, no mocks."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.core.clock import FixedClock
from app.core.keyslots import KeySlots, user_slot_id
from app.core.paths import resolve
from app.demo.studio import DemoSummary, create_demo_studio
from app.services.studio.service import StudioService

NOW = datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # a Wednesday afternoon in Madrid
MADRID = ZoneInfo("Europe/Madrid")
TABLES = ("users", "clients", "medical_profiles", "sessions", "consents", "ink_lots", "session_inks",
          "payments", "register_days", "audit_events")


def _make(root, scale: float, seed: int = 42, progress=None) -> tuple:
    paths = resolve(home=root)
    summary = create_demo_studio(paths, scale=scale, seed=seed, progress=progress, clock=FixedClock(NOW))
    return paths, summary


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple:
    """One demo studio at scale 0.02 (about 600 clients), shared by the read-only tests."""
    calls = []
    paths, summary = _make(tmp_path_factory.mktemp("demo"), 0.02, progress=lambda *a: calls.append(a))
    return paths, summary, calls


@pytest.fixture(scope="module")
def rows(demo):
    """Run SQL on the shared demo studio, unlocked as the admin."""
    studio = StudioService(demo[0], FixedClock(NOW)).unlock("admin", "demo-admin")

    def query(sql: str) -> list[tuple]:
        with studio.db.read() as conn:
            result = conn.execute(text(sql))
            return [tuple(r) for r in result] if result.returns_rows else []

    yield query
    studio.close()


def _utc(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def test_counts_follow_the_scale(demo, rows, tmp_path):
    _, big, _ = demo
    _, small = _make(tmp_path, 0.005)
    assert (big.users, small.users) == (6, 6)
    assert (big.clients, small.clients) == (600, 150)
    assert 1300 * 0.9 < big.sessions < 1300 * 1.1 and 325 * 0.85 < small.sessions < 325 * 1.15
    assert 3.3 < big.payments / small.payments < 4.8
    assert big.payments / big.sessions == pytest.approx(150 / 65, rel=0.15)
    assert (big.ink_lots, small.ink_lots) == (1, 1)
    for summary in (big, small):
        assert all(getattr(summary, table) >= 1 for table in TABLES)
    assert {t: rows(f"SELECT count(*) FROM {t}")[0][0] for t in TABLES} == {t: getattr(big, t) for t in TABLES}


def test_progress_is_reported_for_every_table(demo):
    _, summary, calls = demo
    last = {stage: (done, total) for stage, done, total in calls}
    for table in set(TABLES) - {"users", "audit_events"}:
        assert last[table] == (getattr(summary, table),) * 2


def test_no_artist_is_double_booked(rows):
    overlaps = rows("""SELECT count(*) FROM (SELECT starts_at, lag(datetime(starts_at, '+' || duration_min ||
                       ' minutes')) OVER (PARTITION BY artist_id ORDER BY starts_at) AS previous_end
                       FROM sessions) WHERE previous_end > starts_at""")
    assert overlaps == [(0,)]
    artists = rows("SELECT count(DISTINCT artist_id) FROM sessions")[0][0]
    assert artists == rows("SELECT count(*) FROM users WHERE is_artist")[0][0] == 4


def test_sessions_are_tuesday_to_saturday_between_ten_and_eight(rows):
    for starts_at, minutes in rows("SELECT starts_at, duration_min FROM sessions"):
        local = _utc(starts_at).astimezone(MADRID)
        assert 1 <= local.weekday() <= 5
        assert 10 * 60 <= local.hour * 60 + local.minute <= 20 * 60 - minutes


def test_past_sessions_are_mostly_done_and_future_ones_booked(rows):
    statuses = dict(rows("SELECT status, count(*) FROM sessions WHERE starts_at < '2026-06-10' GROUP BY 1"))
    assert statuses["done"] > 0.8 * sum(statuses.values()) and statuses["no_show"] and statuses["cancelled"]
    future = {s for (s,) in rows("SELECT DISTINCT status FROM sessions WHERE starts_at > '2026-06-11'")}
    assert future and future <= {"booked", "confirmed"}


def test_payment_register_day_is_the_studio_local_date_of_taken_at(rows):
    payments = rows("SELECT taken_at, register_day FROM payments")
    assert payments
    for taken_at, day in payments:
        assert _utc(taken_at).astimezone(MADRID).date().isoformat() == day
        assert _utc(taken_at) <= NOW


def test_register_days_expect_float_plus_cash_in_minus_cash_refunds(rows):
    wrong = rows("""SELECT count(*) FROM register_days r LEFT JOIN (
                      SELECT register_day, sum(CASE kind WHEN 'refund' THEN -amount_minor ELSE amount_minor END) AS cash
                      FROM payments WHERE method = 'cash' GROUP BY 1) p ON p.register_day = r.day
                    WHERE r.closed_at IS NOT NULL
                      AND (r.expected_cash_minor != r.opening_float_minor + coalesce(p.cash, 0)
                           OR r.difference_minor != r.counted_cash_minor - r.expected_cash_minor)""")
    assert wrong == [(0,)]
    assert rows("SELECT count(*) FROM payments WHERE register_day NOT IN (SELECT day FROM register_days)") == [(0,)]


def test_same_seed_and_clock_give_identical_rows(tmp_path):
    first, _ = _make(tmp_path / "one", 0.005, seed=7)
    second, _ = _make(tmp_path / "two", 0.005, seed=7)
    other, _ = _make(tmp_path / "three", 0.005, seed=8)
    dumps = []
    for paths in (first, second, other):
        studio = StudioService(paths, FixedClock(NOW)).unlock("admin", "demo-admin")
        with studio.db.read() as conn:
            dumps.append({t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
                          for t in TABLES})
        studio.close()
    assert dumps[0] == dumps[1]
    assert dumps[0]["clients"] != dumps[2]["clients"]


def test_admin_and_staff_unlock_with_the_demo_passwords(demo):
    paths, summary, _ = demo
    service = StudioService(paths, FixedClock(NOW))
    for username, password, role in (("admin", "demo-admin", "admin"), ("staff", "demo-staff", "staff")):
        studio = service.unlock(username, password)
        assert studio.user.role == role and studio.settings.studio_name == "Demo Ink Studio"
        studio.close()
    service.unlock_with_recovery(summary.recovery_code).close()
    assert user_slot_id("nuria") not in KeySlots.load(paths.keyslots)  # artists do not log in


def test_some_clients_have_allergies_and_every_client_is_adult_at_first_session(rows):
    flagged = rows("SELECT count(DISTINCT client_id) FROM medical_profiles WHERE allergies != '' OR conditions != ''")
    assert 0.1 * 600 < flagged[0][0] < 0.2 * 600
    assert rows("SELECT count(*) FROM medical_profiles WHERE allergies LIKE '%latex%'")[0][0] > 0
    minors = rows("""SELECT count(*) FROM clients c JOIN (SELECT client_id, min(starts_at) AS first
                     FROM sessions GROUP BY 1) s ON s.client_id = c.id
                     WHERE date(c.birth_date, '+18 years') > date(s.first)""")
    assert minors == [(0,)]


def test_inks_are_used_only_while_their_lot_is_open_and_unexpired(rows):
    assert rows("SELECT count(*) FROM session_inks")[0][0] >= rows("SELECT count(*) FROM consents")[0][0]
    bad = rows("""SELECT count(*) FROM session_inks si JOIN sessions s ON s.id = si.session_id
                  JOIN ink_lots l ON l.id = si.ink_lot_id
                  WHERE date(s.starts_at) > l.expires_on OR date(s.starts_at) < l.opened_on
                     OR s.status NOT IN ('done', 'in_progress')""")
    assert bad == [(0,)]


def test_client_search_finds_a_client_by_name_prefix(rows):
    rows("INSERT INTO client_search(client_search, rank) VALUES ('integrity-check', 1)")  # raises if out of step
    rowid, last_name = rows("SELECT rowid, last_name FROM clients WHERE last_name LIKE 'Á%' LIMIT 1")[0]
    prefix = "al" + last_name[2:3].lower()  # typed without the accent
    found = {r for (r,) in rows(f"SELECT rowid FROM client_search WHERE client_search MATCH 'last_name:{prefix}*'")}
    assert rowid in found


def test_summary_is_a_frozen_record(demo):
    _, summary, _ = demo
    assert isinstance(summary, DemoSummary) and summary.seconds > 0
    with pytest.raises(AttributeError):
        summary.clients = 0
