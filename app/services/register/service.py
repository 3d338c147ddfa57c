"""The daily cash register: open a day with a float, see its totals, close it against counted cash."""

from __future__ import annotations

from datetime import date, timedelta

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Connection, Database
from app.db.repos.audit import AuditRepository
from app.db.repos.payments import PaymentRepository
from app.db.repos.register import RegisterRepository
from app.db.repos.settings import SettingsRepository
from app.domain.errors import ValidationError
from app.domain.records import User, local_day
from app.domain.register import DayClose, DayClosedError, RegisterDaySummary, expected_cash, summarise
from app.plugins.spec import PluginCalls, no_plugins
from app.services.authz import require_admin, require_user
from app.services.register.payments import check_amount

MARGIN = timedelta(days=366)  # days kept on paper before the studio came to the stick can still be entered


class RegisterService:
    """Staff open, see and close today's register; admins may also see and close earlier days."""

    def __init__(self, db: Database, clock: Clock | None = None, register: RegisterRepository | None = None,
                 payments: PaymentRepository | None = None, settings: SettingsRepository | None = None,
                 audit: AuditRepository | None = None, plugins: PluginCalls = no_plugins):
        self.db, self.clock, self.plugins = db, clock or Clock(), plugins
        self.register, self.payments = register or RegisterRepository(), payments or PaymentRepository()
        self.settings, self.audit = settings or SettingsRepository(), audit or AuditRepository()

    def day_summary(self, actor: User | None, day: date | str) -> RegisterDaySummary:
        """One day's register: today for anyone, any day for an admin (read-only once closed)."""
        me = require_user(actor)
        with self.db.read() as conn:
            today, day = self._resolve(conn, day)
            if day != today:
                require_admin(me, N_("see the register of a day other than today"))
            return self._summary(conn, day, today)

    def open_day(self, actor: User | None, day: date | str, opening_float_minor: int) -> RegisterDaySummary:
        """Open a day with the cash in the drawer, or change the float while the day is still open."""
        me = require_user(actor)
        check_amount(opening_float_minor, "opening float", minimum=0)
        with self.db.write() as conn:
            today, day = self._writable(conn, me, day, "open")
            stored = self.register.get(conn, day)
            if stored is not None and stored.is_closed:
                raise DayClosedError(_("The register for %(day)s is closed and cannot be reopened. A closed day stays "
                                       "closed; ask an admin to record a correcting entry on a later day.",
                                       day=day.isoformat()))
            self.register.set_float(conn, day, opening_float_minor, self.clock.now())
            summary = _("Register %(day)s opened with float %(float)s", day=day.isoformat(),
                        float=opening_float_minor)
            if stored is not None:
                summary = _("Register %(day)s float changed from %(old)s to %(new)s", day=day.isoformat(),
                            old=stored.opening_float_minor, new=opening_float_minor)
            self._audit(conn, me, "open", summary)
            return self._summary(conn, day, today)

    def close_day(self, actor: User | None, day: date | str, counted_cash_minor: int) -> RegisterDaySummary:
        """Close a day: store expected and counted cash and their difference; the day is then locked."""
        me = require_user(actor)
        check_amount(counted_cash_minor, "counted cash", minimum=0)
        with self.db.write() as conn:
            today, day = self._writable(conn, me, day, "close")
            stored = self.register.get(conn, day)
            if stored is not None and stored.is_closed:
                raise DayClosedError(_("The register for %(day)s is already closed. A closed day stays closed; ask an "
                                       "admin to record a correcting entry on a later day.", day=day.isoformat()))
            opening = stored.opening_float_minor if stored else 0
            expected = expected_cash(opening, self.payments.find(conn, day=day))
            close = DayClose(expected_cash_minor=expected, counted_cash_minor=counted_cash_minor,
                             difference_minor=counted_cash_minor - expected, closed_by=me.id,
                             closed_at=self.clock.now())
            self.register.close(conn, day, close)
            self._audit(conn, me, "close", _("Register %(day)s closed: expected %(expected)s, counted %(counted)s, "
                                             "difference %(difference)s", day=day.isoformat(), expected=expected,
                                             counted=counted_cash_minor, difference=close.difference_minor))
            closed = self._summary(conn, day, today)
        self.plugins("day_closed", me, day=day)  # after the commit: a plugin never undoes the close
        return closed

    def _resolve(self, conn: Connection, day: date | str) -> tuple[date, date]:
        """Return (today, the day meant), where the day may be given as 'today'."""
        today = local_day(self.clock.now(), self.settings.load(conn).timezone)
        if day == "today":
            return today, today
        if not isinstance(day, date):
            raise ValidationError(_("Give the day as YYYY-MM-DD or 'today'."))
        return today, day

    def _writable(self, conn: Connection, me: User, day: date | str, doing: str) -> tuple[date, date]:
        today, day = self._resolve(conn, day)
        if day > today:
            sentence = (_("The day %(day)s has not started yet; open its register on the day.", day=day.isoformat())
                        if doing == "open" else
                        _("The day %(day)s has not started yet; close its register on the day.", day=day.isoformat()))
            raise ValidationError(sentence)
        first = min(self.register.first_day(conn) or today, today) - MARGIN
        if day < first:
            raise ValidationError(_("The day %(day)s is before this studio's records begin; a register can be "
                                    "opened or closed from %(first)s on. Check the date.",
                                    day=day.isoformat(), first=first.isoformat()))
        if day != today:
            require_admin(me, N_("open the register of a day other than today") if doing == "open"
                          else N_("close the register of a day other than today"))
        return today, day

    def _summary(self, conn: Connection, day: date, today: date) -> RegisterDaySummary:
        return summarise(day, today, self.register.get(conn, day), self.payments.find(conn, day=day))

    def _audit(self, conn: Connection, me: User, action: str, summary: str) -> None:
        self.audit.record(conn, at=self.clock.now(), actor_id=me.id, action=action, entity="register_day",
                          entity_id=None, summary=summary)
