"""The Register screen's calls: payments and the register day (app/api/payments.py, app/api/register.py)."""

from __future__ import annotations

from datetime import date

from app.client.http import ApiSession, Param
from app.client.models import (
    CloseDayIn,
    MethodOut,
    OpenDayIn,
    PaymentIn,
    PaymentOut,
    RegisterDayOut,
    SessionBalanceOut,
)


class RegisterApi:
    """Payments, session balances and the register day."""

    def __init__(self, session: ApiSession):
        self._s = session

    def take(self, payment: PaymentIn) -> PaymentOut:
        """Take a payment (or a refund) and return it."""
        return self._s.call("POST", "/api/payments", PaymentOut, json=payment)

    def payments(self, **filters: Param) -> list[PaymentOut]:
        """Return the payments matching `filters` (session_id, client_id, day)."""
        return self._s.call("GET", "/api/payments", list[PaymentOut], params=filters)

    def balance(self, session_id: str) -> SessionBalanceOut:
        """Return what a session still owes and what was paid against it."""
        return self._s.call("GET", f"/api/sessions/{session_id}/balance", SessionBalanceOut)

    def methods(self) -> list[MethodOut]:
        """Return the payment methods the register takes (core, then plugins'), labelled in our language."""
        return self._s.call("GET", "/api/register/methods", list[MethodOut])

    def register_day(self, day: date | str = "today") -> RegisterDayOut:
        """Return a register day (default today) with its totals and payments."""
        return self._s.call("GET", f"/api/register/{day}", RegisterDayOut)

    def open_day(self, day: date | str, opening_float_minor: int) -> RegisterDayOut:
        """Open a register day with its opening float and return it."""
        return self._s.call("POST", f"/api/register/{day}/open", RegisterDayOut,
                            json=OpenDayIn(opening_float_minor=opening_float_minor))

    def close_day(self, day: date | str, counted_cash_minor: int) -> RegisterDayOut:
        """Close a register day with the cash counted and return it."""
        return self._s.call("POST", f"/api/register/{day}/close", RegisterDayOut,
                            json=CloseDayIn(counted_cash_minor=counted_cash_minor))
