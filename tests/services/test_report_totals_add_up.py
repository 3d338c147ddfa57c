"""Report totals equal the raw sums of the payments, in any time zone and across DST changes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db.repos.users import UserRepository
from app.domain.reports import month_key
from app.services.reports.service import ReportService
from tests.services.support_report_studio import (
    RawPayment,
    expected_artists,
    half_up,
    local_instant,
    new_session,
    set_timezone,
    wipe,
    write,
)

ZONES = ("Europe/Madrid", "America/New_York", "Asia/Tokyo", "Pacific/Auckland")
# DST changes (Europe 2026-03-29 and 2026-10-25, New York 2026-03-08, Auckland 2026-04-05) and a year's end.
BASES = (date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 4, 5), date(2025, 12, 31))
STATUSES = ("booked", "confirmed", "in_progress", "done", "no_show", "cancelled")

sessions_st = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 1), st.integers(-3, 3), st.integers(0, 1439),
                                 st.sampled_from(STATUSES)), max_size=8)
METHODS = st.sampled_from(("cash", "card", "transfer", "other"))
payments_st = st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 1439), METHODS,
                                 st.sampled_from(("deposit", "payment", "tip", "refund")), st.integers(1, 100_000),
                                 st.one_of(st.none(), st.integers(0, 7)), st.integers(0, 2), st.integers(0, 30)),
                       max_size=25)


@pytest.fixture(scope="module")
def world(shared):
    """The module's studio with a second artist (55 %) and four clients."""
    with shared.db.write() as conn:
        second = UserRepository().add(conn, username="needle", display_name="Needle", role="staff",
                                      is_artist=True, commission_pct=55)
    return {"studio": shared, "artists": [shared.artist, second], "clients": [shared.client() for _ in range(4)],
            "reports": ReportService(shared.db, shared.clock)}


def _build(world, zone, base, session_specs, payment_specs):
    artists, clients = world["artists"], world["clients"]
    sessions = [new_session(clients[c], artists[a].id, local_instant(base + timedelta(days=d), m, zone), status)
                for c, a, d, m, status in session_specs]
    payments: list[RawPayment] = []
    for d, m, method, kind, amount, s_idx, a_idx, c_idx in payment_specs:
        session = sessions[s_idx % len(sessions)] if s_idx is not None and sessions else None
        if session is not None:
            artist_id = session.artist_id if a_idx else None  # None: the session's artist counts
        else:
            artist_id = artists[a_idx].id if a_idx < 2 else None
        corrects = payments[c_idx % len(payments)] if kind == "refund" and payments else None
        day = base + timedelta(days=d)
        payments.append(RawPayment(f"00000000-0000-4000-8000-{len(payments):012d}", day,
                                   local_instant(day, m, zone), method, kind, amount, session, artist_id, corrects))
    return sessions, payments


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(zone=st.sampled_from(ZONES), base=st.sampled_from(BASES), sessions=sessions_st, payments=payments_st,
       start_offset=st.integers(-3, 3), length=st.integers(0, 5))
def test_totals_equal_the_raw_sums(world, zone, base, sessions, payments, start_offset, length):
    studio = world["studio"]
    wipe(studio)
    set_timezone(studio, zone)
    raw_sessions, raw_payments = _build(world, zone, base, sessions, payments)
    write(studio, raw_sessions, raw_payments)
    start = base + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    figures = world["reports"].summary(studio.admin, start, end)

    inside = [p for p in raw_payments if start <= p.day <= end]
    net = sum(p.signed for p in inside)
    assert figures.net_total_minor == net and figures.payments_count == len(inside)
    by_day, by_month = defaultdict(int), defaultdict(int)
    for p in inside:
        by_day[p.day.isoformat()] += p.signed
        by_month[month_key(p.day)] += p.signed
    assert {x.period: x.net_minor for x in figures.by_day} == dict(by_day)
    assert {x.period: x.net_minor for x in figures.by_month} == dict(by_month)
    assert sum(x.net_minor for x in figures.by_week) == net
    for method in ("cash", "card", "transfer", "other"):
        assert figures.by_method[method] == sum(p.signed for p in inside if p.method == method)
    for kind in ("deposit", "payment", "tip", "refund"):
        assert figures.by_kind[kind] == sum(p.amount for p in inside if p.kind == kind)
    _check_artists(world, figures, inside, net)
    _check_deposits(figures, inside)
    _check_activity(figures, raw_sessions, raw_payments, start, end, zone)


def _check_artists(world, figures, inside, net):
    pct = {a.id: a.commission_pct for a in world["artists"]}
    expected = expected_artists(inside, pct)
    got = {a.artist_id: (a.session_income_minor, a.tips_minor, a.commission_minor) for a in figures.by_artist}
    assert got == expected
    assert figures.unattributed_minor == sum(p.signed for p in inside if p.artist is None)
    assert sum(a.due_minor for a in figures.by_artist) + figures.studio_share_minor == net


def _check_deposits(figures, inside):
    deposits = [p for p in inside if p.kind == "deposit"]
    d = figures.deposits
    assert d.taken_minor == sum(p.amount for p in deposits)
    assert d.applied_minor == sum(p.amount for p in deposits if p.session and p.session.status == "done")
    assert d.forfeited_minor == sum(p.amount for p in deposits if p.session and p.session.status == "no_show")
    assert d.applied_minor + d.forfeited_minor + d.held_minor == d.taken_minor


def _check_activity(figures, sessions, payments, start, end, zone):
    def local(s):
        return s.starts_at.astimezone(ZoneInfo(zone)).date()

    inside = [s for s in sessions if start <= local(s) <= end]
    a = figures.activity
    assert a.sessions_total == len(inside)
    assert a.sessions_by_status == {st_: sum(s.status == st_ for s in inside) for st_ in STATUSES}
    kept = [s for s in sessions if s.status != "cancelled"]
    seen = {s.client_id for s in inside if s.status != "cancelled"}
    new = {c for c in seen if start <= local(min((s for s in kept if s.client_id == c), key=lambda s: s.starts_at))}
    assert (a.clients_total, a.new_clients, a.returning_clients) == (len(seen), len(new), len(seen) - len(new))
    done = [s for s in inside if s.status == "done"]
    paid = sum(p.signed for p in payments if p.session in done and p.kind != "tip" and not p.tip_refund)
    assert a.done_sessions == len(done)
    assert a.average_ticket_minor == (half_up(Fraction(paid, len(done))) if done else 0)
