"""Report figures for any range of studio-local days, and the payments of a range or a day as CSV.

Whole-studio figures and ranges of payments are for admins; staff may export today's register only."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Connection, Database
from app.db.repos.reports import ReportRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain import report_figures as add_up
from app.domain.booking import STATUSES
from app.domain.errors import ValidationError
from app.domain.records import User, local_day
from app.domain.reports import ActivityFigures, ReportFigures, check_range, mean_half_up, utc_bounds
from app.plugins.spec import PluginCalls, no_plugins
from app.reports.csv_export import payments_csv
from app.services.authz import require_admin, require_user
from app.services.register.methods import plugin_method_labels

_Row = TypeVar("_Row")
ROW_CHUNK = 100  # the fewest rows between two progress calls


@dataclass(frozen=True)
class CsvFile:
    """A rendered CSV export and the file name to offer it under."""

    filename: str
    content: bytes


class ReportService:
    """Figures and exports over payments and sessions; read-only."""

    def __init__(self, db: Database, clock: Clock | None = None, reports: ReportRepository | None = None,
                 users: UserRepository | None = None, settings: SettingsRepository | None = None,
                 plugins: PluginCalls = no_plugins):
        self.db, self.clock, self.plugins = db, clock or Clock(), plugins
        self.reports, self.users = reports or ReportRepository(), users or UserRepository()
        self.settings = settings or SettingsRepository()

    def summary(self, actor: User | None, start: date, end: date) -> ReportFigures:
        """The studio's figures for local days start..end (both included); admins only."""
        require_admin(actor, N_("see the studio's financial reports"))
        check_range(start, end)
        with self.db.read() as conn:
            settings = self.settings.load(conn)
            groups = self.reports.payment_groups(conn, start, end)
            users = {u.id: u for u in self.users.list_all(conn)}
            deposits = add_up.deposit_figures(self.reports.deposits_by_status(conn, start, end))
            activity = self._activity(conn, start, end, settings.timezone)
        by_day, by_week, by_month = add_up.by_day_week_month(groups)
        by_kind = add_up.by_kind(groups)
        artists, unattributed = add_up.by_artist(groups, users)
        return ReportFigures(
            start=start, end=end, currency=settings.currency, timezone=settings.timezone,
            payments_count=sum(g.count for g in groups), net_total_minor=sum(g.signed_minor for g in groups),
            by_kind=by_kind, by_method=add_up.by_method(groups), by_day=by_day, by_week=by_week, by_month=by_month,
            by_artist=artists, unattributed_minor=unattributed,
            studio_share_minor=unattributed + sum(a.studio_share_minor for a in artists), deposits=deposits,
            tips_minor=by_kind["tip"], refunds_minor=by_kind["refund"], activity=activity)

    def payments_csv(self, actor: User | None, start: date, end: date,
                     on_rows: Callable[[int, int], None] | None = None) -> CsvFile:
        """Every payment of local days start..end as CSV; admins only.
        `on_rows(done, total)` hears about every chunk of rows written (a twentieth of them, at least 100)."""
        admin = require_admin(actor, N_("export the studio's payments"))
        check_range(start, end)
        labels = plugin_method_labels(self.plugins, admin)
        with self.db.read() as conn:
            content = self._csv(conn, start, end, labels, on_rows)
        return CsvFile(f"payments-{start.isoformat()}-to-{end.isoformat()}.csv", content)

    def register_csv(self, actor: User | None, day: date | str) -> CsvFile:
        """One day's register payments as CSV: today for anyone signed in, any day for an admin."""
        me = require_user(actor)
        labels = plugin_method_labels(self.plugins, me)
        with self.db.read() as conn:
            today = local_day(self.clock.now(), self.settings.load(conn).timezone)
            day = today if day == "today" else day
            if not isinstance(day, date):
                raise ValidationError(_("Give the day as YYYY-MM-DD or 'today'."))
            if day != today:
                require_admin(me, N_("export the register of a day other than today"))
            check_range(day, day)
            content = self._csv(conn, day, day, labels)
        return CsvFile(f"register-{day.isoformat()}.csv", content)

    def _csv(self, conn: Connection, start: date, end: date, method_labels: dict[str, str],
             on_rows: Callable[[int, int], None] | None = None) -> bytes:
        settings = self.settings.load(conn)
        names = {u.id: u.display_name for u in self.users.list_all(conn)}
        payments = self.reports.payments_between(conn, start, end)
        return payments_csv(_counted(payments, on_rows) if on_rows else payments, currency=settings.currency,
                            timezone=settings.timezone, names=names, locale=settings.locale,
                            method_labels=method_labels)

    def _activity(self, conn: Connection, start: date, end: date, timezone: str) -> ActivityFigures:
        first, after = utc_bounds(start, end, timezone)
        by_status = dict.fromkeys(STATUSES, 0) | self.reports.sessions_by_status(conn, first, after)
        clients, new = self.reports.client_counts(conn, first, after)
        done, paid = self.reports.done_tickets(conn, first, after)
        due = by_status["done"] + by_status["no_show"]
        return ActivityFigures(
            sessions_total=sum(by_status.values()), sessions_by_status=by_status,
            no_show_rate=round(by_status["no_show"] / due, 4) if due else None, clients_total=clients,
            new_clients=new, returning_clients=clients - new, done_sessions=done,
            average_ticket_minor=mean_half_up(paid, done))


def _counted(rows: Sequence[_Row], on_rows: Callable[[int, int], None]) -> Iterator[_Row]:
    """Yield `rows`, calling on_rows(done, total) after each chunk and after the last row."""
    total = len(rows)
    chunk = max(ROW_CHUNK, total // 20)
    for done, row in enumerate(rows, start=1):
        yield row
        if done % chunk == 0 and done < total:
            on_rows(done, total)
    on_rows(total, total)
