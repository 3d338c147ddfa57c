"""Report figures on a worked example: commission rounding, deposits, activity, roles and ranges."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import ForbiddenError, ValidationError
from app.domain.reports import commission_due, mean_half_up, week_key
from app.services.reports.service import ReportService
from tests.services.support_report_studio import RawPayment, local_instant, new_session, set_timezone, wipe, write

DAY = date(2026, 3, 28)  # a Saturday; Madrid moves to summer time the next night


@pytest.fixture
def example(shared):
    """Two sessions of the 40 % artist on DAY, one done, one a no-show, and their money."""
    wipe(shared)
    set_timezone(shared, "Europe/Madrid")
    client = shared.client()
    done = new_session(client, shared.artist.id, local_instant(DAY, 11 * 60, "Europe/Madrid"), "done")
    gone = new_session(client, shared.artist.id, local_instant(DAY, 16 * 60, "Europe/Madrid"), "no_show")

    def pay(n, kind, amount, session, method="card", corrects=None):
        return RawPayment(f"00000000-0000-4000-8000-{n:012d}", DAY, local_instant(DAY, 12 * 60 + n, "Europe/Madrid"),
                          method, kind, amount, session, session.artist_id, corrects)

    deposit = pay(1, "deposit", 50_00, done)
    tip = pay(3, "tip", 20_00, done, method="cash")
    payments = [deposit, pay(2, "payment", 150_01, done), tip, pay(4, "refund", 5_00, done, corrects=tip),
                pay(5, "deposit", 30_00, gone)]
    write(shared, [done, gone], payments)
    return ReportService(shared.db, shared.clock), shared


def test_commission_rounds_half_up_in_whole_minor_units():
    assert commission_due(125, 50) == 63  # 62.5 -> 63
    assert commission_due(-125, 50) == -62  # -62.5 -> -62: half up is towards +infinity
    assert commission_due(230_01, 40) == 92_00  # 9200.4 -> 9200
    assert mean_half_up(5, 2) == 3 and mean_half_up(4, 3) == 1 and mean_half_up(0, 0) == 0


def test_iso_weeks_may_belong_to_the_previous_year():
    assert week_key(date(2027, 1, 1)) == "2026-W53" and week_key(date(2026, 3, 29)) == "2026-W13"


def test_worked_example_gives_each_figure(example):
    reports, studio = example
    f = reports.summary(studio.admin, DAY, DAY)
    assert f.net_total_minor == 50_00 + 150_01 + 20_00 - 5_00 + 30_00 and f.payments_count == 5
    assert f.by_method == {"cash": 20_00, "card": 225_01, "transfer": 0, "other": 0}
    (share,) = f.by_artist
    assert (share.session_income_minor, share.tips_minor) == (230_01, 15_00)
    assert (share.commission_minor, share.studio_share_minor, share.due_minor) == (92_00, 138_01, 107_00)
    assert f.studio_share_minor == 138_01 and f.unattributed_minor == 0
    assert (f.deposits.taken_minor, f.deposits.applied_minor, f.deposits.forfeited_minor) == (80_00, 50_00, 30_00)
    assert f.tips_minor == 20_00 and f.refunds_minor == 5_00
    a = f.activity
    assert (a.sessions_total, a.sessions_by_status["done"], a.sessions_by_status["no_show"]) == (2, 1, 1)
    assert a.no_show_rate == 0.5 and (a.clients_total, a.new_clients, a.returning_clients) == (1, 1, 0)
    assert (a.done_sessions, a.average_ticket_minor) == (1, 200_01)  # the tip and its refund are not the ticket
    assert [p.period for p in f.by_month] == ["2026-03"] and f.by_day[0].net_minor == f.net_total_minor


def test_a_day_without_payments_reports_zeros(example):
    reports, studio = example
    f = reports.summary(studio.admin, date(2026, 4, 1), date(2026, 4, 30))
    assert f.net_total_minor == 0 and f.by_day == () and f.by_artist == () and f.activity.no_show_rate is None


def test_staff_cannot_see_whole_studio_figures(example):
    reports, studio = example
    with pytest.raises(ForbiddenError, match="Only an admin"):
        reports.summary(studio.staff, DAY, DAY)
    with pytest.raises(ForbiddenError):
        reports.payments_csv(studio.staff, DAY, DAY)


def test_refuses_a_range_that_ends_before_it_starts(example):
    reports, studio = example
    with pytest.raises(ValidationError, match="before it starts"):
        reports.summary(studio.admin, DAY, date(2026, 3, 1))
    with pytest.raises(ValidationError, match="between"):
        reports.summary(studio.admin, date(1, 1, 1), DAY)
