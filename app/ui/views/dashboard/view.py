"""Dashboard: today's sessions and takings for everyone; income and activity charts and the accountant's ZIP
for admins."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import flet as ft
from babel.numbers import format_percent

from app.core.i18n import _
from app.domain.booking import STATUS_LABELS
from app.domain.register import METHOD_LABELS
from app.ui.components.widgets import (
    ALERT_RED,
    STATUS_COLOURS,
    banner,
    display_locale,
    heading,
    long_day_text,
    money,
    section,
)
from app.ui.shell import FAILED
from app.ui.views.dashboard.accounting import AccountantZip


class DashboardView:
    """The admin's home screen: what is on today, what came in, and how the studio is doing."""

    def __init__(self, shell):
        self.shell = shell
        self.currency = shell.currency

    def build(self) -> ft.Control:
        """Return today's dashboard: backup warnings, today's sessions and takings."""
        today = self.shell.today()
        parts: list[ft.Control] = [heading(_("Today, %(day)s", day=long_day_text(today))), *self._backup_refused(),
                                   *self._briefing(today), self._sessions(today), self._takings()]
        if self.shell.user is not None and self.shell.user.role == "admin":
            parts += [self._figures(today), AccountantZip(self.shell, today).build()]
        return ft.Column(parts, spacing=20, scroll=ft.ScrollMode.AUTO, expand=True)

    def _backup_refused(self) -> list[ft.Control]:
        """A banner when the last backup was refused because the stick is short of space."""
        status = self.shell.act(self.shell.client.backups.status)
        if status is FAILED or not status.refused:
            return []
        return [ft.TextButton(content=banner(status.refused), tooltip=_("Open the Backups screen"),
                              on_click=lambda _e: self.shell.navigate("backups"))]

    def _briefing(self, today: date) -> list[ft.Control]:
        """The artist's briefing for tomorrow, made last night (or this evening), when there is one."""
        found = self.shell.act(self.shell.client.assistant.briefing)
        if found is FAILED or not found.exists or found.day is None or found.day < today:
            return []
        title = _("Briefing for %(day)s", day=long_day_text(found.day))
        return [section(title, ft.Text(found.text, selectable=True))]

    # --- today's sessions ----------------------------------------------------------------
    def _sessions(self, today: date) -> ft.Control:
        zone = self.shell.zone
        start = datetime.combine(today, time.min, zone)
        sessions = self.shell.client.sessions.between(start, start + timedelta(days=1))
        if not sessions:
            return section(_("Today's sessions"), ft.Text(_("No sessions booked today.")))
        rows = [self._session_row(s, zone) for s in sorted(sessions, key=lambda s: s.starts_at)]
        return section(_("Today's sessions (%(count)s)", count=len(sessions)), *rows)

    def _session_row(self, session, zone: ZoneInfo) -> ft.Control:
        starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
        status = ft.Container(ft.Text(_(STATUS_LABELS.get(session.status, session.status)), color=ft.Colors.WHITE),
                              bgcolor=STATUS_COLOURS.get(session.status), border_radius=4,
                              padding=ft.Padding.symmetric(horizontal=8, vertical=2))
        cells: list[ft.Control] = [ft.Text(f"{starts:%H:%M}–{ends:%H:%M}", width=110),
                                   ft.Text(session.client_name, width=220),
                                   ft.Text(session.artist_name, width=160), status]
        if session.client_has_alert:
            cells.insert(2, ft.Text(_("Medical alert"), color=ALERT_RED, weight=ft.FontWeight.BOLD))
        return ft.TextButton(
            content=ft.Row(cells),
            tooltip=_("Open %(client)s at %(time)s", client=session.client_name, time=f"{starts:%H:%M}"),
            on_click=lambda _e, sid=session.id: self.shell.navigate("session", session_id=sid))

    # --- today's takings -----------------------------------------------------------------
    def _takings(self) -> ft.Control:
        day = self.shell.act(self.shell.client.register.register_day, "today")
        if day is FAILED:
            return section(_("Today's takings"), ft.Text(self.shell.last_message, color=ALERT_RED))
        state = (_("The register is closed.") if day.is_closed
                 else _("The register is open.") if day.opened else _("The register is not opened yet."))
        offered = self.shell.act(self.shell.client.register.methods)  # the core methods, then the plugins'
        labels = ({m.code: m.label for m in offered} if offered is not FAILED
                  else {key: _(label) for key, label in METHOD_LABELS.items()})
        labels.update({key: key for key in day.totals_by_method if key not in labels})  # a plugin no longer loaded
        rows = [ft.Row([ft.Text(label, width=120), ft.Text(money(day.totals_by_method.get(key, 0), self.currency))])
                for key, label in labels.items()]
        rows.append(ft.Row([ft.Text(_("Net total"), width=120, weight=ft.FontWeight.BOLD),
                            ft.Text(money(day.net_total_minor, self.currency), weight=ft.FontWeight.BOLD)]))
        return section(_("Today's takings"), ft.Text(state), *rows)

    # --- admin figures and charts --------------------------------------------------------
    def _figures(self, today: date) -> ft.Control:
        client = self.shell.client.reports
        month_start = today.replace(day=1)
        year_start = (month_start - timedelta(days=335)).replace(day=1)
        figures = self.shell.act(client.summary, month_start, today)
        by_month = self.shell.act(client.chart, "income-by-month", year_start, today)
        by_method = self.shell.act(client.chart, "income-by-method", month_start, today)
        parts: list[ft.Control] = []
        if figures is not FAILED:
            parts.append(self._activity(figures))
        charts: list[ft.Control] = [ft.Image(src=png, width=520, fit=ft.BoxFit.CONTAIN) for png in (by_month, by_method)
                  if png is not FAILED]
        if charts:
            parts.append(ft.Row(charts, wrap=True, spacing=16))
        return section(_("This month"), *parts)

    def _activity(self, figures) -> ft.Control:
        activity = figures.activity
        no_show = ("—" if activity.no_show_rate is None
                   else format_percent(activity.no_show_rate, locale=display_locale()))
        tiles = [(_("Income"), money(figures.net_total_minor, self.currency)),
                 (_("Sessions done"), str(activity.done_sessions)),
                 (_("No-shows"), str(activity.sessions_by_status.get("no_show", 0))),
                 (_("No-show rate"), no_show),
                 (_("Average ticket"), money(activity.average_ticket_minor, self.currency)),
                 (_("New clients"), str(activity.new_clients))]
        return ft.Row([_tile(label, value) for label, value in tiles], wrap=True, spacing=12)


def _tile(label: str, value: str) -> ft.Control:
    return ft.Container(ft.Column([ft.Text(label, size=12), ft.Text(value, size=20, weight=ft.FontWeight.BOLD)],
                                  spacing=2),
                        padding=ft.Padding.all(12), border=ft.Border.all(1, ft.Colors.GREY_300), border_radius=6,
                        width=150)
