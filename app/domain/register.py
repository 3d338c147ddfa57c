"""Money records: payments, a session's balance, and the register day with its close."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from app.core.i18n import N_, _
from app.domain.errors import ConflictError, ValidationError

CoreMethod = Literal["cash", "card", "transfer", "other"]  # the ways money moves in every studio
Method = str  # a payment method's code: a core method, or one an enabled plugin adds (see METHOD_CODE)
Kind = Literal["deposit", "payment", "tip", "refund"]
METHODS: tuple[str, ...] = get_args(CoreMethod)  # the core methods, in the order screens list them
# What any method code looks like (the payments table checks the same shape): lower-case letters, digits, '_'.
METHOD_CODE = r"^[a-z][a-z0-9_]*$"
MAX_METHOD_LENGTH = 32
KINDS: tuple[Kind, ...] = get_args(Kind)
# marked for the catalogs; shown through _() where a screen or document shows them
METHOD_LABELS: Mapping[str, str] = {
    "cash": N_("Cash"), "card": N_("Card"), "transfer": N_("Bank transfer"), "other": N_("Other")}
KIND_LABELS: Mapping[str, str] = {
    "deposit": N_("Deposit"), "payment": N_("Payment"), "tip": N_("Tip"), "refund": N_("Refund")}
MAX_AMOUNT_MINOR = 10**12  # far above any real payment, even in currencies with tiny units


class DayClosedError(ConflictError):
    """A payment or a change would land on a register day that is already closed."""


class OverpaymentError(ValidationError):
    """A deposit or payment would leave a session paid beyond its quote."""


class RefundLimitError(ValidationError):
    """A refund would give back more than was paid."""


@dataclass(frozen=True)
class Payment:
    """One money movement; never changed or deleted (a correction is a new entry pointing here)."""

    id: str
    amount_minor: int  # always positive; `kind` says the direction
    method: str
    kind: str
    client_id: str | None
    session_id: str | None
    artist_id: str | None
    taken_by: str
    taken_at: datetime
    register_day: date
    corrects_id: str | None
    note: str

    @property
    def signed_minor(self) -> int:
        """The amount as it moves the till: refunds negative, everything else positive."""
        return -self.amount_minor if self.kind == "refund" else self.amount_minor


@dataclass(frozen=True)
class MethodChoice:
    """A payment method the register knows: its code, the label people read, whether it is a core one, which
    plugin added it, and whether the register offers it by itself (False: only its plugin takes it)."""

    code: str
    label: str
    core: bool = True
    plugin: str | None = None
    offered: bool = True


@dataclass(frozen=True)
class SessionTerms:
    """What a payment needs to know about the session it is for."""

    session_id: str
    client_id: str
    artist_id: str
    quote_minor: int


@dataclass(frozen=True)
class SessionBalance:
    """What a session still owes: quote - (deposits + payments - refunds); tips are the artist's."""

    session_id: str
    quote_minor: int
    deposits_minor: int
    payments_minor: int
    refunds_minor: int
    tips_minor: int

    @property
    def paid_minor(self) -> int:
        """What the client has paid towards the quote (deposits count)."""
        return self.deposits_minor + self.payments_minor - self.refunds_minor

    @property
    def balance_minor(self) -> int:
        """What is still due; negative when over-paid."""
        return self.quote_minor - self.paid_minor


@dataclass(frozen=True)
class DayClose:
    """The count at the end of a day: expected against counted cash, and who closed it."""

    expected_cash_minor: int
    counted_cash_minor: int
    difference_minor: int  # counted - expected: negative means cash is missing
    closed_by: str
    closed_at: datetime


@dataclass(frozen=True)
class RegisterDay:
    """The stored state of one day's register: its opening float and, once closed, its close."""

    day: date
    opening_float_minor: int
    close: DayClose | None

    @property
    def is_closed(self) -> bool:
        """Whether the day has been closed."""
        return self.close is not None


@dataclass(frozen=True)
class RegisterDaySummary:
    """One day's register: totals by method and kind, expected cash, the close, and every payment."""

    day: date
    is_today: bool
    opened: bool
    opening_float_minor: int
    totals_by_method: dict[str, int]  # net: refunds subtracted
    totals_by_kind: dict[str, int]  # gross per kind: refunds as a positive total
    net_total_minor: int
    expected_cash_minor: int
    close: DayClose | None
    payments: tuple[Payment, ...]

    @property
    def is_closed(self) -> bool:
        """Whether the day has been closed."""
        return self.close is not None


def method_label(code: str, plugin_labels: Mapping[str, str] | None = None) -> str:
    """A payment method's label in the current language: the core's own, a plugin's (as its `payment_methods` hook
    gave it), else the code itself (a plugin disabled since its payments were taken)."""
    if code in METHOD_LABELS:
        return _(METHOD_LABELS[code])
    return (plugin_labels or {}).get(code, code)


def method_names(plugin_labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every method's label in the current language by code: the core's, then the plugins' (see `method_label`)."""
    return {code: method_label(code, plugin_labels) for code in (*METHOD_LABELS, *(plugin_labels or {}))}


def is_method_code(text: object) -> bool:
    """Whether `text` has the shape of a payment method's code (say 'gift_card')."""
    return (isinstance(text, str) and 0 < len(text) <= MAX_METHOD_LENGTH
            and re.fullmatch(METHOD_CODE, text) is not None)


def expected_cash(opening_float_minor: int, payments: Iterable[Payment]) -> int:
    """Opening float + cash deposits, payments and tips - cash refunds."""
    return opening_float_minor + sum(p.signed_minor for p in payments if p.method == "cash")


def balance_of(terms: SessionTerms, payments: Iterable[Payment]) -> SessionBalance:
    """Add up a session's payments by kind against its quote (a refund of a tip takes back the tip)."""
    listed = list(payments)
    tips = {p.id for p in listed if p.kind == "tip"}
    by_kind: dict[str, int] = dict.fromkeys(KINDS, 0)
    for p in listed:
        if p.kind == "refund" and p.corrects_id in tips:
            by_kind["tip"] -= p.amount_minor
        else:
            by_kind[p.kind] += p.amount_minor
    return SessionBalance(terms.session_id, terms.quote_minor, by_kind["deposit"], by_kind["payment"],
                          by_kind["refund"], by_kind["tip"])


def summarise(day: date, today: date, stored: RegisterDay | None,
              payments: Iterable[Payment]) -> RegisterDaySummary:
    """Build a day's register from its stored state and the payments that count in it."""
    listed = tuple(payments)
    by_method: dict[str, int] = dict.fromkeys(METHODS, 0)  # the core methods always; others when they occur
    by_kind: dict[str, int] = dict.fromkeys(KINDS, 0)
    for p in listed:
        by_method[p.method] = by_method.get(p.method, 0) + p.signed_minor
        by_kind[p.kind] += p.amount_minor
    opening = stored.opening_float_minor if stored else 0
    close = stored.close if stored else None
    expected = close.expected_cash_minor if close else expected_cash(opening, listed)
    return RegisterDaySummary(day=day, is_today=day == today, opened=stored is not None,
                              opening_float_minor=opening, totals_by_method=by_method,
                              totals_by_kind=by_kind, net_total_minor=sum(by_method.values()),
                              expected_cash_minor=expected, close=close, payments=listed)
