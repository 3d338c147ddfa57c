"""Property: whatever the sequence of payments, the register and the balance add up to the cent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.register import KINDS, METHODS, OverpaymentError, RefundLimitError

MORNING = datetime(2025, 1, 15, 8, 0, tzinfo=UTC)  # 09:00 in Madrid; 60 steps of 10 minutes stay in the day

op = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS), "method": st.sampled_from(METHODS),
    "amount": st.integers(min_value=1, max_value=500_00), "on_session": st.booleans(),
    "allow_overpay": st.booleans(), "minutes": st.integers(min_value=0, max_value=10)})


@dataclass
class Model:
    """What the money should be, kept by hand alongside the service."""

    quote: int
    session: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    walk_in: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))  # no session, no client
    accepted: list[dict] = field(default_factory=list)

    @property
    def paid(self) -> int:
        return self.session["deposit"] + self.session["payment"] - self.session["refund"]

    def refusal(self, o: dict):
        """The error the service must raise for this operation, or None if it must accept it."""
        if not o["on_session"] and o["kind"] == "refund":  # a walk-in refund gives back at most walk-ins' money
            paid = self.walk_in["deposit"] + self.walk_in["payment"] - self.walk_in["refund"]
            return RefundLimitError if o["amount"] > paid else None
        if not o["on_session"] or o["kind"] == "tip":
            return None
        if o["kind"] == "refund":
            return RefundLimitError if o["amount"] > self.paid else None
        over = o["amount"] > self.quote - self.paid
        return OverpaymentError if over and not o["allow_overpay"] else None

    def accept(self, o: dict) -> None:
        self.accepted.append(o)
        (self.session if o["on_session"] else self.walk_in)[o["kind"]] += o["amount"]


def _signed(o: dict) -> int:
    return -o["amount"] if o["kind"] == "refund" else o["amount"]


def _take(studio, o: dict, where: dict) -> None:
    studio.payments.take_payment(studio.staff, amount_minor=o["amount"], method=o["method"], kind=o["kind"],
                                 allow_overpay=o["allow_overpay"], **where)


def _run(studio, session_id: str, model: Model, ops: list[dict]) -> None:
    for o in ops:
        studio.clock.advance(o["minutes"] * 60)
        where = {"session_id": session_id} if o["on_session"] else {"artist_id": studio.artist.id}
        expected_error = model.refusal(o)
        if expected_error is None:
            _take(studio, o, where)
            model.accept(o)
        else:
            with pytest.raises(expected_error):
                _take(studio, o, where)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=st.integers(min_value=0, max_value=2_000_00), opening=st.integers(min_value=0, max_value=300_00),
       ops=st.lists(op, max_size=60), counted_delta=st.integers(min_value=-50_00, max_value=50_00))
def test_day_totals_expected_cash_and_balance_add_up(shared, quote, opening, ops, counted_delta):
    studio = shared.reset()
    studio.clock.at = MORNING
    session_id = studio.session(quote)
    studio.register.open_day(studio.staff, "today", opening)
    model = Model(quote)
    _run(studio, session_id, model, ops)

    day = studio.register.day_summary(studio.staff, "today")
    assert len(day.payments) == len(model.accepted)
    for method in METHODS:
        assert day.totals_by_method[method] == sum(_signed(o) for o in model.accepted if o["method"] == method)
        assert day.totals_by_method[method] == sum(p.signed_minor for p in day.payments if p.method == method)
    for kind in KINDS:
        assert day.totals_by_kind[kind] == sum(o["amount"] for o in model.accepted if o["kind"] == kind)
    assert day.net_total_minor == sum(_signed(o) for o in model.accepted)
    cash = [o for o in model.accepted if o["method"] == "cash"]
    inflow = sum(o["amount"] for o in cash if o["kind"] in ("deposit", "payment", "tip"))
    assert day.expected_cash_minor == opening + inflow - sum(o["amount"] for o in cash if o["kind"] == "refund")

    balance = studio.payments.session_balance(studio.staff, session_id)
    parts = (balance.deposits_minor, balance.payments_minor, balance.refunds_minor, balance.tips_minor)
    assert parts == (model.session["deposit"], model.session["payment"], model.session["refund"],
                     model.session["tip"])
    assert balance.balance_minor == quote - (model.session["deposit"] + model.session["payment"]
                                             - model.session["refund"])
    assert balance.paid_minor >= 0

    counted = max(0, day.expected_cash_minor + counted_delta)
    closed = studio.register.close_day(studio.staff, "today", counted)
    assert closed.close.expected_cash_minor == day.expected_cash_minor
    assert closed.close.difference_minor == counted - day.expected_cash_minor
