"""Register days table access: the opening float and the close of each studio-local day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, func, insert, select, update

from app.db.models import Payment as PaymentRow
from app.db.models import RegisterDay as RegisterDayRow
from app.db.models import Setting
from app.db.repos.read_back import read_back
from app.domain.register import DayClose, RegisterDay

_COLUMNS = (RegisterDayRow.day, RegisterDayRow.opening_float_minor, RegisterDayRow.expected_cash_minor,
            RegisterDayRow.counted_cash_minor, RegisterDayRow.difference_minor, RegisterDayRow.closed_by,
            RegisterDayRow.closed_at)


def _record(row) -> RegisterDay:
    day, opening, expected, counted, difference, closed_by, closed_at = row
    close = DayClose(expected, counted, difference, closed_by, closed_at) if closed_at is not None else None
    return RegisterDay(day, opening, close)


class RegisterRepository:
    """Read, open and close register days on a connection the service holds."""

    def first_day(self, conn: Connection) -> date | None:
        """The earliest day the studio's records know of: its set-up, a register day or a payment's day."""
        created = conn.execute(select(func.min(Setting.created_at))).scalar_one()
        days = [conn.execute(select(func.min(RegisterDayRow.day))).scalar_one(),
                conn.execute(select(func.min(PaymentRow.register_day))).scalar_one(),
                created.date() if created is not None else None]
        known = [d for d in days if d is not None]
        return min(known) if known else None

    def get(self, conn: Connection, day: date) -> RegisterDay | None:
        """Return the stored state of this day, or None if it was never opened or closed."""
        row = conn.execute(select(*_COLUMNS).where(RegisterDayRow.day == day)).one_or_none()
        return _record(row) if row else None

    def set_float(self, conn: Connection, day: date, opening_float_minor: int, at: datetime) -> RegisterDay:
        """Open the day with this float, or change the float of a day still open."""
        if self.get(conn, day) is None:
            conn.execute(insert(RegisterDayRow).values(day=day, opening_float_minor=opening_float_minor,
                                                       created_at=at, updated_at=at))
        else:
            conn.execute(update(RegisterDayRow).where(RegisterDayRow.day == day)
                         .values(opening_float_minor=opening_float_minor, updated_at=at))
        return read_back(self.get(conn, day), "register day")

    def close(self, conn: Connection, day: date, close: DayClose) -> RegisterDay:
        """Store the close of a day (opening it with no float first if it was never opened)."""
        values = {"expected_cash_minor": close.expected_cash_minor,
                  "counted_cash_minor": close.counted_cash_minor, "difference_minor": close.difference_minor,
                  "closed_by": close.closed_by, "closed_at": close.closed_at, "updated_at": close.closed_at}
        if self.get(conn, day) is None:
            conn.execute(insert(RegisterDayRow).values(day=day, opening_float_minor=0,
                                                       created_at=close.closed_at, **values))
        else:
            conn.execute(update(RegisterDayRow).where(RegisterDayRow.day == day).values(**values))
        return read_back(self.get(conn, day), "register day")
