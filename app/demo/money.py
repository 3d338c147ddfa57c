"""The demo studio's money: deposits, payments, tips, refunds and the nightly register close."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from app.demo import data
from app.demo.people import Team, weighted
from app.demo.schedule import Plan, Timeline

OPENING_FLOAT = 200_00
REFUND_NOTICE = timedelta(hours=48)  # cancelled earlier than this: the deposit is given back
COUNT_ERRORS = (-500, -200, -100, -50, -20, -10, -5, 5, 10, 20, 50, 100, 200)


class Till:
    """Collects payment rows and the cash that moved through the drawer on each working day."""

    def __init__(self, rng: random.Random, new_id: Callable[[], str], timeline: Timeline, team: Team):
        self.rng, self.new_id, self.timeline, self.team = rng, new_id, timeline, team
        self.rows: list[dict] = []
        self.cash: dict[int, int] = {}

    def take(self, s, day: int, at: datetime, amount: int, method: str, kind: str, client_id: str,
             corrects: str | None = None, note: str = "") -> str:
        """Record one payment (refunds are positive amounts of kind 'refund'); return its id."""
        payment_id = self.new_id()
        at = min(at, self.timeline.now)
        self.rows.append({
            "id": payment_id, "amount_minor": amount, "method": method, "kind": kind,
            "client_id": client_id, "session_id": s.id, "artist_id": self.team.artists[s.artist],
            "taken_by": self.team.desk(self.rng, s.artist), "taken_at": at,
            "register_day": self.timeline.days[day], "corrects_id": corrects, "note": note,
            "created_at": at, "updated_at": at})
        if method == "cash":
            self.cash[day] = self.cash.get(day, 0) + (-amount if kind == "refund" else amount)
        return payment_id


def _day_of(timeline: Timeline, at: datetime, near: int) -> int:
    """Return the working-day index of `at`, searching from a nearby index."""
    local = at.astimezone(timeline.tz).date()
    step = 1 if timeline.days[near] < local else -1
    while timeline.days[near] != local:
        near += step
    return near


def payment_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, plan: Plan,
                 client_ids: list[str], team: Team) -> Till:
    """Return the till after every session's money: deposit at booking, the rest and a tip after."""
    till = Till(rng, new_id, timeline, team)
    for s in plan.sessions:
        client = client_ids[s.client]
        deposit_id = None
        if s.deposit:
            method = weighted(rng, data.DEPOSIT_METHODS)
            deposit_id = till.take(s, s.booked_day, s.booked_at, s.deposit, method, "deposit", client)
            if s.status == "cancelled" and s.starts_at - s.changed_at >= REFUND_NOTICE:
                till.take(s, _day_of(timeline, s.changed_at, s.booked_day), s.changed_at, s.deposit, method,
                          "refund", client, corrects=deposit_id,
                          note="Deposit returned: cancelled more than 48 hours ahead.")
        if s.status == "done":
            _settle_session(rng, till, s, client)
    return till


def _settle_session(rng: random.Random, till: Till, s, client: str) -> None:
    due = s.quote - s.deposit
    paid_at = s.ends_at + timedelta(minutes=rng.randint(0, 10))
    if due >= 40_00 and rng.random() < 0.45:  # part in cash, part by card (or the like)
        first = min(due - 10_00, max(10_00, round(due * rng.uniform(0.3, 0.7) / 10_00) * 10_00))
        methods = weighted(rng, data.SPLIT_METHODS)
        till.take(s, s.day, paid_at, first, methods[0], "payment", client, note="Split payment")
        till.take(s, s.day, paid_at, due - first, methods[1], "payment", client, note="Split payment")
    elif due > 0:
        till.take(s, s.day, paid_at, due, weighted(rng, data.FINAL_METHODS), "payment", client)
    if rng.random() < 0.7:
        tip = max(5_00, round(s.quote * rng.uniform(0.05, 0.15) / 100) * 100)
        till.take(s, s.day, paid_at + timedelta(minutes=1), tip, weighted(rng, data.TIP_METHODS), "tip", client)


def register_rows(rng: random.Random, new_id: Callable[[], str], timeline: Timeline, till: Till,
                  team: Team) -> list[dict]:
    """Return a closed register day for every past working day, and today's open one."""
    rows = []
    for day in range(timeline.first_future):
        opened = timeline.at(day, 9 * 60 + rng.randint(35, 55))
        closed = timeline.at(day, 20 * 60 + rng.randint(20, 55))
        expected = OPENING_FLOAT + till.cash.get(day, 0)
        counted = expected + (rng.choice(COUNT_ERRORS) if rng.random() < 0.08 else 0)
        rows.append({"id": new_id(), "day": timeline.days[day], "opening_float_minor": OPENING_FLOAT,
                     "expected_cash_minor": expected, "counted_cash_minor": counted,
                     "difference_minor": counted - expected, "closed_by": team.admin, "closed_at": closed,
                     "created_at": opened, "updated_at": closed})
    today = timeline.first_future
    if today < len(timeline.days) and timeline.days[today] == timeline.today:
        opened = timeline.at(today, 9 * 60 + 45)
        if opened <= timeline.now:  # the drawer is open; it closes tonight
            rows.append({"id": new_id(), "day": timeline.today, "opening_float_minor": OPENING_FLOAT,
                         "expected_cash_minor": None, "counted_cash_minor": None, "difference_minor": None,
                         "closed_by": None, "closed_at": None, "created_at": opened, "updated_at": opened})
    return rows
