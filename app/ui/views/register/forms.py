"""The register screen's forms: take a payment, close the day (with a check of the difference), save documents."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import flet as ft

from app.client.models import PaymentIn
from app.core.i18n import _
from app.domain.register import KIND_LABELS
from app.ui.components.widgets import ALERT_RED, day_text, error_line, money, parse_money, section, show_error
from app.ui.shell import FAILED

KINDS = tuple(KIND_LABELS.items())
NONE = "-"


class PaymentForm:
    """Amount, method, kind, and optionally the session or artist it belongs to."""

    def __init__(self, view):
        self.view, self.shell = view, view.shell
        self.amount = ft.TextField(label=_("Amount"), width=140)
        self.method = ft.Dropdown(label=_("Method"), width=150, value="cash")
        self.kind = ft.Dropdown(label=_("Kind"), width=150, value="payment",
                                options=[ft.DropdownOption(key=k, text=_(t)) for k, t in KINDS])
        self.session = ft.Dropdown(label=_("Session (optional)"), width=320, value=NONE)
        self.artist = ft.Dropdown(label=_("Artist (optional)"), width=220, value=NONE)
        self.note = ft.TextField(label=_("Note"), width=300)
        self.overpay = ft.Checkbox(label=_("Allow over-payment"), value=False)
        self.error = error_line()

    def build(self) -> ft.Control:
        """Return the form to take a payment on the register day shown."""
        zone = self.shell.zone
        self.method.options = [ft.DropdownOption(key=k, text=self.view.methods[k]) for k in self.view.offered]
        start = datetime.combine(self.view.day, time.min, zone)
        sessions = self.shell.act(self.shell.client.sessions.between, start, start + timedelta(days=1))
        self.session.options = [ft.DropdownOption(key=NONE, text=_("No session"))] + [
            ft.DropdownOption(key=s.id, text=f"{s.starts_at.astimezone(zone):%H:%M} {s.client_name} "
                                             f"({s.artist_name})")
            for s in (sessions if sessions is not FAILED else []) if s.status not in ("cancelled",)]
        self.artist.options = [ft.DropdownOption(key=NONE, text=_("No artist"))] + [
            ft.DropdownOption(key=a.id, text=a.display_name) for a in self.shell.artists]
        return section(_("Take a payment"),
                       ft.Row([self.amount, self.method, self.kind, self.session, self.artist], wrap=True),
                       ft.Row([self.note, self.overpay,
                               ft.Button(_("Add payment"), icon=ft.Icons.ADD, on_click=lambda _e: self.submit())],
                              wrap=True),
                       self.error)

    def submit(self) -> None:
        """Send the payment; on success clear the amount and note, on an error keep everything typed."""
        try:
            minor = parse_money(self.amount.value or "", self.view.currency, allow_zero=False)
        except ValueError as exc:
            show_error(self.error, str(exc))
            return
        chosen = {"session_id": self.session.value, "artist_id": self.artist.value}
        # the dropdowns hold the domain's words; the model checks them like any request
        payment = PaymentIn.model_validate({
            "amount_minor": minor, "method": self.method.value or "cash", "kind": self.kind.value or "payment",
            "note": (self.note.value or "").strip(), "allow_overpay": bool(self.overpay.value),
            **{k: v for k, v in chosen.items() if v and v != NONE}})
        if self.view.take(payment, self.error):
            show_error(self.error, None)
            self.amount.value = self.note.value = ""
            self.overpay.value = False


class CloseDayForm:
    """Counted cash, then a dialog showing expected, counted and the difference before the day is locked."""

    def __init__(self, view):
        self.view, self.shell = view, view.shell
        self.counted = ft.TextField(label=_("Counted cash"), width=180)
        self.error = error_line()

    def build(self, register) -> ft.Control:
        """Return the form to count the cash and close the day of `register`."""
        return section(_("Close the day"),
                       ft.Text(_("Count the cash in the drawer. Expected: %(amount)s.",
                                 amount=money(register.expected_cash_minor, self.view.currency))),
                       ft.Row([self.counted, ft.Button(_("Close day"), icon=ft.Icons.LOCK,
                                                       on_click=lambda _e: self.ask())]),
                       self.error)

    def ask(self) -> None:
        """Check the typed amount and show the difference; nothing is closed until it is confirmed."""
        try:
            counted = parse_money(self.counted.value or "", self.view.currency)
        except ValueError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, None)
        currency, expected = self.view.currency, self.view.register.expected_cash_minor
        difference = counted - expected
        off = money(abs(difference), currency)
        verdict = (_("The cash matches.") if difference == 0
                   else _("There is %(amount)s more than expected.", amount=off) if difference > 0
                   else _("There is %(amount)s less than expected.", amount=off))
        dialog = ft.AlertDialog(modal=True, title=ft.Text(_("Close the register for %(day)s?",
                                                            day=day_text(self.view.day))))
        dialog.content = ft.Column([
            ft.Text(_("Expected cash: %(amount)s", amount=money(expected, currency))),
            ft.Text(_("Counted cash: %(amount)s", amount=money(counted, currency))),
            ft.Text(_("Difference: %(amount)s", amount=money(difference, currency)), weight=ft.FontWeight.BOLD,
                    color=ALERT_RED if difference else ft.Colors.GREEN_700),
            ft.Text(verdict), ft.Text(_("A closed day is locked: no payment can be added or changed afterwards."))],
            tight=True)
        dialog.actions = [ft.TextButton(_("Cancel"), on_click=lambda _e: self.shell.close(dialog)),
                          ft.Button(_("Confirm close"), on_click=lambda _e: self.confirm(dialog, counted))]
        self.shell.page.show_dialog(dialog)

    def confirm(self, dialog: ft.AlertDialog, counted: int) -> None:
        """Close the day with the counted cash shown in the dialog."""
        self.shell.close(dialog)
        if self.view.close_day(counted, self.error):
            self.counted.value = ""
