"""Payments against a session: what was taken, what is still owed, and "Take payment"."""

from __future__ import annotations

import flet as ft

from app.client.models import PaymentIn
from app.core.i18n import _
from app.domain.register import KIND_LABELS, METHOD_LABELS
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import (
    MoneyError,
    error_line,
    local_text,
    money,
    parse_money,
    section,
    show_error,
    taken,
)
from app.ui.shell import FAILED

TAKEN_KINDS = ("deposit", "payment", "tip")  # refunds and corrections are done from the register


class PaymentsSection:
    """The session's payments and balance, and the form to take one more."""

    def __init__(self, shell, session):
        self.shell, self.session = shell, session
        self.currency = shell.currency
        self.balance = ft.Text("", size=16, weight=ft.FontWeight.BOLD)
        self.breakdown = ft.Text("", color=ft.Colors.GREY_700)
        self.taken = ft.Column([], spacing=4)
        self.amount = ft.TextField(label=_("Amount"), width=160, prefix_icon=ft.Icons.EURO if self.currency == "EUR"
                                   else ft.Icons.PAYMENTS, on_submit=lambda _e: self.take())
        self.method = ft.Dropdown(label=_("Method"), width=180, value="card", options=[
            ft.DropdownOption(key=key, text=_(text)) for key, text in METHOD_LABELS.items()])
        self.kind = ft.Dropdown(label=_("Kind"), width=160, value="payment", options=[
            ft.DropdownOption(key=key, text=_(KIND_LABELS[key])) for key in TAKEN_KINDS])
        self.error = error_line()
        self.labels = {key: _(text) for key, text in METHOD_LABELS.items()}

    def build(self) -> ft.Control:
        """The block as shown on the session page."""
        methods = self.shell.client.register.methods()  # core, then the plugins'
        self.labels = {m.code: m.label for m in methods}
        self.method.options = [ft.DropdownOption(key=m.code, text=m.label) for m in methods if m.offered]
        payments = self.shell.client.register.payments(session_id=self.session.id)
        self._show(payments, self.shell.client.register.balance(self.session.id))
        if not payments and self.session.deposit_required_minor:
            self.kind.value = "deposit"
        take = ft.Button(_("Take payment"), icon=ft.Icons.POINT_OF_SALE, on_click=lambda _e: self.take())
        return section(_("Payments"), self.balance, self.breakdown, self.taken,
                       ft.Row([self.amount, self.method, self.kind, take], wrap=True), self.error)

    def _show(self, payments: list, balance) -> None:
        cur = self.currency
        self.balance.value = _("Still to pay: %(amount)s", amount=money(balance.balance_minor, cur))
        self.balance.color = ft.Colors.GREEN_700 if balance.balance_minor <= 0 else None
        parts = [_("Quote %(amount)s", amount=money(balance.quote_minor, cur)),
                 _("paid %(amount)s", amount=money(balance.paid_minor, cur))]
        if self.session.deposit_required_minor:
            parts.append(_("deposit asked %(amount)s", amount=money(self.session.deposit_required_minor, cur)))
        if balance.tips_minor:
            parts.append(_("tips %(amount)s", amount=money(balance.tips_minor, cur)))
        self.breakdown.value = " · ".join(parts)
        self.taken.controls = [
            ft.Row([ft.Text(local_text(p.taken_at, self.shell.settings), width=200),
                    ft.Text(_(KIND_LABELS.get(p.kind, p.kind)), width=90),
                    ft.Text(self.labels.get(p.method, p.method), width=110),
                    ft.Text(money(p.amount_minor, cur), weight=ft.FontWeight.BOLD)])
            for p in sorted(payments, key=lambda p: p.taken_at)] or [
            ft.Text(_("Nothing taken for this session yet."), italic=True, color=ft.Colors.GREY_700)]

    def take(self) -> None:
        """Take the typed amount on today's register; on a refusal the amount stays typed."""
        try:
            amount = parse_money(self.amount.value or "", self.currency, allow_zero=False)
        except MoneyError as exc:
            show_error(self.error, str(exc))
            return
        if not self.method.value or not self.kind.value:
            show_error(self.error, _("Pick how the client paid and what the money is for."))
            return
        try:
            request = make_model(PaymentIn, {"amount_minor": amount, "method": self.method.value,
                                             "kind": self.kind.value, "session_id": self.session.id},
                                 {"amount_minor": _("Amount"), "method": _("Method"), "kind": _("Kind")})
        except FormError as exc:
            show_error(self.error, str(exc))
            return
        made = self.shell.act(self.shell.client.register.take, request, error=self.error)
        if made is FAILED:
            return
        show_error(self.error, None)
        self.amount.value = ""
        self.refresh()
        self.shell.notify(taken(made.kind, made.amount_minor, self.currency))

    def refresh(self) -> None:
        """Read the payments and the balance again."""
        payments = self.shell.act(self.shell.client.register.payments, session_id=self.session.id)
        balance = self.shell.act(self.shell.client.register.balance, self.session.id)
        if payments is not FAILED and balance is not FAILED:
            self._show(payments, balance)
