"""Register: a day's payments and totals by method, open the day, take payments, close against counted cash."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from app.client.models import PaymentIn
from app.core.i18n import _
from app.domain.register import KIND_LABELS, METHOD_LABELS
from app.ui.components.files import save_document
from app.ui.components.widgets import (
    ALERT_RED,
    day_text,
    error_line,
    heading,
    long_day_text,
    money,
    parse_money,
    section,
    show_error,
    taken,
)
from app.ui.shell import FAILED
from app.ui.views.register.forms import CloseDayForm, PaymentForm


class RegisterView:
    """One register day at a time: today is editable until closed, other days are read-only (admins only)."""

    def __init__(self, shell, day: date | None = None):
        self.shell = shell
        self.currency = shell.currency
        self.day = day or shell.today()
        self.float_field = ft.TextField(label=_("Opening float"), width=180, value="0")
        self.float_error = error_line()
        self.payment = PaymentForm(self)
        self.closing = CloseDayForm(self)
        self.root = ft.Column(spacing=16, scroll=ft.ScrollMode.AUTO, expand=True)
        self.register = None
        self.methods: dict[str, str] = {code: _(label) for code, label in METHOD_LABELS.items()}
        self.offered: list[str] = list(METHOD_LABELS)  # what the payment form offers (not a plugin's own)

    def build(self) -> ft.Control:
        """Load the register day shown and return the Register screen."""
        offered = self.shell.act(self.shell.client.register.methods)  # core methods, then the plugins'
        if offered is not FAILED:
            self.methods = {m.code: m.label for m in offered}
            self.offered = [m.code for m in offered if m.offered]
        self._fill(self.shell.client.register.register_day(self.day))
        return self.root

    def refresh(self) -> None:
        """Read the day again from the API and redraw (typed values in the forms stay)."""
        register = self.shell.act(self.shell.client.register.register_day, self.day)
        if register is not FAILED:
            self._fill(register)

    def go(self, days: int) -> None:
        """Show an earlier or later day (today at the latest)."""
        wanted = min(self.day + timedelta(days=days), self.shell.today())
        register = self.shell.act(self.shell.client.register.register_day, wanted)
        if register is not FAILED:
            self.day = wanted
            self._fill(register)

    # --- drawing -------------------------------------------------------------------------
    def _fill(self, register) -> None:
        self.register = register
        editable = register.is_today and not register.is_closed
        admin = self.shell.user is not None and self.shell.user.role == "admin"
        parts: list[ft.Control] = [self._header(register, admin), ft.Text(self._state(register))]
        if editable and not register.opened:
            parts.append(section(_("Open the day"),
                                 ft.Text(_("Count the cash in the drawer before the first payment.")),
                                 ft.Row([self.float_field, ft.Button(_("Open day"), icon=ft.Icons.LOCK_OPEN,
                                                                     on_click=lambda _e: self.open_day())]),
                                 self.float_error))
        parts.append(self._totals(register))
        if editable:
            parts.append(self.payment.build())
        parts.append(self._payments(register))
        if not register.is_closed and (register.is_today or admin):
            parts.append(self.closing.build(register))
        if register.close is not None:
            parts.append(self._closed(register.close))
        self.root.controls = parts

    def _header(self, register, admin: bool) -> ft.Control:
        title = heading(_("Register — %(day)s", day=long_day_text(register.day)))
        row: list[ft.Control] = [title]
        if admin:
            row += [ft.TextButton(_("Previous day"), icon=ft.Icons.CHEVRON_LEFT, on_click=lambda _e: self.go(-1)),
                    ft.TextButton(_("Next day"), icon=ft.Icons.CHEVRON_RIGHT, disabled=register.is_today,
                                  on_click=lambda _e: self.go(1))]
        row += [ft.TextButton(_("Z report (PDF)"), icon=ft.Icons.PICTURE_AS_PDF, on_click=self.save_z_report),
                ft.TextButton(_("Export CSV"), icon=ft.Icons.TABLE_VIEW, on_click=self.save_csv)]
        return ft.Row(row, wrap=True)

    def _state(self, register) -> str:
        if register.is_closed:
            return _("This day is closed and locked: nothing can be added or changed.")
        if not register.opened:
            return _("The register is not opened yet.") if register.is_today else _("This day was never opened.")
        opening = money(register.opening_float_minor, self.currency)
        if register.is_today:
            return _("Open, with an opening float of %(amount)s.", amount=opening)
        return _("Open, with an opening float of %(amount)s. Payments can only be taken on today's register.",
                 amount=opening)

    def _totals(self, register) -> ft.Control:
        def line(label: str, minor: int, bold: bool = False) -> ft.Control:
            weight = ft.FontWeight.BOLD if bold else None
            return ft.Row([ft.Text(label, width=160, weight=weight),
                           ft.Text(money(minor, self.currency), weight=weight)])
        shown = {**self.methods, **{code: code for code in register.totals_by_method if code not in self.methods}}
        rows = [line(label, register.totals_by_method.get(key, 0)) for key, label in shown.items()]
        rows += [line(_("Net total"), register.net_total_minor, True),
                 line(_("Expected cash in drawer"), register.expected_cash_minor)]
        kinds = ", ".join(f"{_(label)}: {money(register.totals_by_kind.get(key, 0), self.currency)}"
                          for key, label in KIND_LABELS.items())
        return section(_("Totals by method"), *rows, ft.Text(kinds, size=12, color=ft.Colors.GREY_700))

    def _payments(self, register) -> ft.Control:
        if not register.payments:
            return section(_("Payments"), ft.Text(_("No payments on this day.")))
        zone, names = self.shell.zone, self._client_names(register.payments)
        rows = [ft.Row([ft.Text(f"{p.taken_at.astimezone(zone):%H:%M}", width=60),
                        ft.Text(_(KIND_LABELS[p.kind]), width=90),
                        ft.Text(self.methods.get(p.method, p.method), width=90),
                        ft.Text(money(p.amount_minor, self.currency), width=110,
                                color=ALERT_RED if p.kind == "refund" else None),
                        ft.Text(names.get(p.client_id, _("No client")), width=200, no_wrap=True,
                                overflow=ft.TextOverflow.ELLIPSIS),
                        ft.Text(p.note, expand=True)]) for p in register.payments]
        return section(_("Payments (%(count)s)", count=len(register.payments)), *rows)

    def _client_names(self, payments) -> dict[str, str]:
        """Who paid: one look-up per client of the day (a day has tens of payments, not thousands)."""
        names = {}
        for client_id in {p.client_id for p in payments if p.client_id}:
            found = self.shell.act(self.shell.client.clients.get, client_id)
            if found is not FAILED:
                names[client_id] = f"{found.client.first_name} {found.client.last_name}"
        return names

    def _closed(self, close) -> ft.Control:
        difference = close.difference_minor
        colour = ALERT_RED if difference else ft.Colors.GREEN_700
        return section(_("Day close"),
                       ft.Text(_("Expected cash %(expected)s, counted %(counted)s.",
                                 expected=money(close.expected_cash_minor, self.currency),
                                 counted=money(close.counted_cash_minor, self.currency))),
                       ft.Text(_("Difference: %(amount)s", amount=money(difference, self.currency)), color=colour,
                               weight=ft.FontWeight.BOLD))

    # --- actions -------------------------------------------------------------------------
    def open_day(self) -> None:
        """Open today with the float typed (the float stays typed on an error)."""
        try:
            minor = parse_money(self.float_field.value or "0", self.currency)
        except ValueError as exc:
            show_error(self.float_error, str(exc))
            return
        register = self.shell.act(self.shell.client.register.open_day, self.day, minor, error=self.float_error)
        if register is not FAILED:
            show_error(self.float_error, None)
            self.shell.notify(_("The register is open with %(amount)s.", amount=money(minor, self.currency)))
            self._fill(register)

    def take(self, payment: PaymentIn, error: ft.Text) -> bool:
        """Take one payment on today's register; say whether it was taken."""
        made = self.shell.act(self.shell.client.register.take, payment, error=error)
        if made is FAILED:
            return False
        self.shell.notify(taken(made.kind, made.amount_minor, self.currency))
        self.refresh()
        return True

    def close_day(self, counted_minor: int, error: ft.Text) -> bool:
        """Close the day against the counted cash; say whether it closed."""
        register = self.shell.act(self.shell.client.register.close_day, self.day, counted_minor, error=error)
        if register is FAILED:
            return False
        self.shell.notify(_("The register for %(day)s is closed.", day=day_text(self.day)))
        self._fill(register)
        return True

    async def save_z_report(self, _e=None) -> None:
        """Ask where to save this day's Z report and save it there."""
        await save_document(self.shell, self.shell.client.reports.z_report_pdf, self.day,
                            f"z-report-{self.day.isoformat()}.pdf")

    async def save_csv(self, _e=None) -> None:
        """Ask where to save this day's payments as CSV and save them there."""
        await save_document(self.shell, self.shell.client.reports.register_csv, self.day,
                            f"register-{self.day.isoformat()}.csv")
