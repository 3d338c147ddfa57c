"""Payments, session balances and register days on the wire; money is whole minor units only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool, StrictInt, WithJsonSchema

from app.contract.common import Out, Strict
from app.domain.bounds import FIRST_DAY, LAST_DAY, YEAR_PATTERN
from app.domain.register import MAX_AMOUNT_MINOR, MAX_METHOD_LENGTH, METHOD_CODE, Kind  # the domain's one list

# A payment method's code: a core one (domain METHODS) or one an enabled plugin adds;
# the service refuses a code it does not know with a sentence listing the ones it does.
Method = Annotated[str, Field(min_length=1, max_length=MAX_METHOD_LENGTH, pattern=METHOD_CODE,
                              description="A payment method's code, e.g. 'cash'; GET /api/register/methods "
                                          "lists them.")]


def _to_day(text: str) -> date | str:
    if text == "today":
        return text
    day = date.fromisoformat(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"use a day between {FIRST_DAY} and {LAST_DAY}")
    return day


# A day is exactly YYYY-MM-DD or 'today' (pydantic alone would also read '0' as a Unix timestamp).
DayParam = Annotated[str, Field(pattern=rf"^(today|{YEAR_PATTERN}-\d{{2}}-\d{{2}})$"), AfterValidator(_to_day),
                     WithJsonSchema({"anyOf": [{"type": "string", "enum": ["today"]}, {
                         "type": "string", "format": "date", "pattern": rf"^{YEAR_PATTERN}-\d{{2}}-\d{{2}}$",
                         "formatMinimum": FIRST_DAY.isoformat(), "formatMaximum": LAST_DAY.isoformat()}],
                         "description": f"'today' or a day YYYY-MM-DD between {FIRST_DAY} and {LAST_DAY}."})]


class PaymentIn(Strict):
    """A payment to take on today's register (corrects_id makes it a correcting entry)."""
    amount_minor: StrictInt = Field(gt=0, le=MAX_AMOUNT_MINOR, description="Whole cents (minor units), e.g. 1250.")
    method: Method
    kind: Kind
    session_id: str | None = Field(default=None, max_length=36)
    client_id: str | None = Field(default=None, max_length=36)
    artist_id: str | None = Field(default=None, max_length=36)
    corrects_id: str | None = Field(default=None, max_length=36,
                                    description="The payment this entry corrects (admins only).")
    note: str = Field(default="", max_length=500)
    allow_overpay: StrictBool = False


class PaymentQuery(Strict):
    """Payments of a session, a client or a register day."""
    session_id: str | None = Field(default=None, max_length=36)
    client_id: str | None = Field(default=None, max_length=36)
    day: DayParam | None = None


class PaymentOut(Out):
    """A payment on the register."""
    id: str
    amount_minor: int
    method: Method
    kind: Kind
    client_id: str | None
    session_id: str | None
    artist_id: str | None
    taken_by: str
    taken_at: datetime
    register_day: date
    corrects_id: str | None
    note: str


class SessionBalanceOut(Out):
    """What a session still owes: its quote less deposits and payments, plus refunds (tips aside)."""
    session_id: str
    quote_minor: int
    deposits_minor: int
    payments_minor: int
    refunds_minor: int
    tips_minor: int
    paid_minor: int
    balance_minor: int


class MethodOut(Out):
    """A payment method the register knows, with its label in the caller's language; `offered` False: only its
    plugin takes it (on the plugin's own screen), so the register lists such payments but does not offer it."""
    code: str
    label: str
    offered: bool = True


class OpenDayIn(Strict):
    """The cash in the drawer when the register day opens."""
    opening_float_minor: StrictInt = Field(ge=0, le=MAX_AMOUNT_MINOR)


class CloseDayIn(Strict):
    """The cash counted in the drawer when the register day closes."""
    counted_cash_minor: StrictInt = Field(ge=0, le=MAX_AMOUNT_MINOR)


class DayCloseOut(Out):
    """How a register day was closed: expected and counted cash, the difference, who and when."""
    expected_cash_minor: int
    counted_cash_minor: int
    difference_minor: int
    closed_by: str
    closed_at: datetime


class RegisterDayOut(Out):
    """A register day with its totals by method and kind, its close and its payments."""
    day: date
    is_today: bool
    opened: bool
    is_closed: bool
    opening_float_minor: int
    totals_by_method: dict[str, int]
    totals_by_kind: dict[Kind, int]
    net_total_minor: int
    expected_cash_minor: int
    close: DayCloseOut | None
    payments: list[PaymentOut]
