"""Report figures for a range of studio-local days, and the exact integer arithmetic behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.core.i18n import _
from app.domain.errors import ValidationError

EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)  # far enough; keeps UTC conversion in range


@dataclass(frozen=True)
class PaymentGroup:
    """Payments of one day, method, kind and artist added up (one row of the grouped query)."""

    day: date
    method: str
    kind: str
    artist_id: str | None  # the payment's artist, else its session's artist; None: nobody's
    tip_refund: bool  # a refund that corrects a tip: it takes back the tip, not session income
    amount_minor: int  # gross, positive
    count: int

    @property
    def signed_minor(self) -> int:
        """The amount as it moves the till: refunds negative."""
        return -self.amount_minor if self.kind == "refund" else self.amount_minor


@dataclass(frozen=True)
class PeriodIncome:
    """Net income (refunds subtracted, tips included) of one day, ISO week or month."""

    period: str  # 2026-03-14, 2026-W11 or 2026-03
    net_minor: int


@dataclass(frozen=True)
class ArtistShare:
    """One artist's part: commission on their session income, plus every tip, and what the studio keeps."""

    artist_id: str
    display_name: str
    commission_pct: int  # the artist's current rate (rates are not versioned)
    session_income_minor: int  # deposits + payments - refunds (refunds of tips aside)
    tips_minor: int  # tips - refunds of tips: 100 % the artist's
    commission_minor: int  # commission_due(session_income, pct)
    studio_share_minor: int  # session income - commission

    @property
    def due_minor(self) -> int:
        """What the studio owes the artist: commission plus tips."""
        return self.commission_minor + self.tips_minor


@dataclass(frozen=True)
class DepositFigures:
    """Deposits taken in the range, split by what became of their session (taken = the other three)."""

    taken_minor: int
    applied_minor: int  # the session is done: the deposit went towards its price
    forfeited_minor: int  # the client did not show
    held_minor: int  # still to come, cancelled, or no session


@dataclass(frozen=True)
class ActivityFigures:
    """Sessions starting in the range, and the clients they were for."""

    sessions_total: int
    sessions_by_status: dict[str, int]
    no_show_rate: float | None  # no_show / (done + no_show); None when neither happened
    clients_total: int  # distinct clients with a session (not cancelled) in the range
    new_clients: int  # whose first ever session (not cancelled) is in the range
    returning_clients: int
    done_sessions: int
    average_ticket_minor: int  # mean paid per done session (tips aside), rounded half up


@dataclass(frozen=True)
class ReportFigures:
    """Everything the dashboard and the accountant need about a range of days."""

    start: date
    end: date
    currency: str
    timezone: str
    payments_count: int
    net_total_minor: int  # deposits + payments + tips - refunds
    by_kind: dict[str, int]  # gross per kind
    by_method: dict[str, int]  # net per method
    by_day: tuple[PeriodIncome, ...]  # only days with payments
    by_week: tuple[PeriodIncome, ...]
    by_month: tuple[PeriodIncome, ...]
    by_artist: tuple[ArtistShare, ...]
    unattributed_minor: int  # payments that name no artist: all the studio's
    studio_share_minor: int  # every artist's studio share + unattributed
    deposits: DepositFigures
    tips_minor: int
    refunds_minor: int
    activity: ActivityFigures


def commission_due(income_minor: int, pct: int) -> int:
    """pct % of income in whole minor units, rounded half up (towards +infinity): exact integers only."""
    return (income_minor * pct + 50) // 100


def mean_half_up(total_minor: int, count: int) -> int:
    """The mean of `count` amounts summing to total, rounded half up; 0 for no amounts."""
    return (2 * total_minor + count) // (2 * count) if count else 0


def week_key(day: date) -> str:
    """The ISO week a day belongs to, as 2026-W01 (a week may start in the previous ISO year)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(day: date) -> str:
    """The month of a day, as 2026-03."""
    return f"{day.year}-{day.month:02d}"


def check_range(start: date, end: date) -> None:
    """Refuse a range that ends before it starts or lies outside the years reports cover."""
    if end < start:
        raise ValidationError(_("The range ends (%(end)s) before it starts (%(start)s). "
                                "Give 'from' on or before 'to'.", end=end.isoformat(), start=start.isoformat()))
    if start < EARLIEST or end > LATEST:
        raise ValidationError(_("Give dates between %(first)s and %(last)s.",
                                first=EARLIEST.isoformat(), last=LATEST.isoformat()))


def utc_bounds(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC instants [start's local midnight, the local midnight after end) of a range of local days."""
    zone = ZoneInfo(timezone)
    first = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    after = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return first, after
