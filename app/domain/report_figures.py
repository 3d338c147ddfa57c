"""Adding up grouped payments into report figures: by period, method, kind and artist, in exact integers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from app.domain.records import User
from app.domain.register import KINDS, METHODS
from app.domain.reports import (
    ArtistShare,
    DepositFigures,
    PaymentGroup,
    PeriodIncome,
    commission_due,
    month_key,
    week_key,
)


def by_period(groups: Iterable[PaymentGroup], key: Callable[[date], str]) -> tuple[PeriodIncome, ...]:
    """Net income per period (day, ISO week or month), in period order; periods without payments left out."""
    totals: dict[str, int] = defaultdict(int)
    for group in groups:
        totals[key(group.day)] += group.signed_minor
    return tuple(PeriodIncome(period, totals[period]) for period in sorted(totals))


def by_day_week_month(groups: list[PaymentGroup]) -> tuple[tuple[PeriodIncome, ...], ...]:
    """(by day, by ISO week, by month)."""
    return by_period(groups, date.isoformat), by_period(groups, week_key), by_period(groups, month_key)


def by_method(groups: Iterable[PaymentGroup]) -> dict[str, int]:
    """Net per payment method (refunds subtracted), every method listed."""
    totals: dict[str, int] = dict.fromkeys(METHODS, 0)
    for group in groups:
        totals[group.method] = totals.get(group.method, 0) + group.signed_minor
    return totals


def by_kind(groups: Iterable[PaymentGroup]) -> dict[str, int]:
    """Gross per kind (refunds as a positive total), every kind listed."""
    totals: dict[str, int] = dict.fromkeys(KINDS, 0)
    for group in groups:
        totals[group.kind] = totals.get(group.kind, 0) + group.amount_minor
    return totals


def by_artist(groups: Iterable[PaymentGroup], users: dict[str, User]) -> tuple[tuple[ArtistShare, ...], int]:
    """Each artist's commission and tips, and the net of payments that name no artist."""
    income: dict[str, int] = defaultdict(int)
    tips: dict[str, int] = defaultdict(int)
    unattributed = 0
    for group in groups:
        if group.artist_id is None:
            unattributed += group.signed_minor
        elif group.kind == "tip" or group.tip_refund:
            tips[group.artist_id] += group.signed_minor
        else:
            income[group.artist_id] += group.signed_minor
    shares = []
    for artist_id in sorted(income.keys() | tips.keys(), key=lambda a: (_name(users, a), a)):
        user = users.get(artist_id)
        pct = user.commission_pct if user else 0
        commission = commission_due(income[artist_id], pct)
        shares.append(ArtistShare(artist_id, _name(users, artist_id), pct, income[artist_id], tips[artist_id],
                                  commission, income[artist_id] - commission))
    return tuple(shares), unattributed


def _name(users: dict[str, User], artist_id: str) -> str:
    user = users.get(artist_id)
    return user.display_name if user else "(unknown artist)"


def deposit_figures(by_status: dict[str | None, int]) -> DepositFigures:
    """Deposits taken, split into applied (session done), forfeited (no-show) and held (the rest)."""
    taken = sum(by_status.values())
    applied, forfeited = by_status.get("done", 0), by_status.get("no_show", 0)
    return DepositFigures(taken, applied, forfeited, taken - applied - forfeited)
