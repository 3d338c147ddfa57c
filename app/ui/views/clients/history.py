"""A client's history blocks: sessions, payments, consent records and the inks used on them."""

from __future__ import annotations

import flet as ft

from app.core.i18n import _
from app.domain.register import KIND_LABELS, METHOD_LABELS
from app.ui.components.widgets import local_text, money, section, status_chip


def _empty(text: str) -> ft.Control:
    return ft.Text(text, italic=True, color=ft.Colors.GREY_700)



def sessions_block(shell, sessions: list) -> ft.Control:
    """The client's sessions, newest first; a click opens the session."""
    rows: list[ft.Control] = [ft.ListTile(
        leading=ft.Icon(ft.Icons.EVENT), title=ft.Text(f"{local_text(s.starts_at, shell.settings)} · {s.artist_name}"),
        subtitle=ft.Text(_("%(placement)s · %(minutes)s min", placement=s.placement or _("No placement noted"),
                            minutes=s.duration_min)),
        trailing=status_chip(s.status), data=f"Session {local_text(s.starts_at, shell.settings)}",
        on_click=lambda _e, sid=s.id: shell.navigate("session", session_id=sid))
        for s in sorted(sessions, key=lambda s: s.starts_at, reverse=True)]
    return section(_("Sessions"), *(rows or [_empty(_("No sessions yet."))]))


def payments_block(shell, payments: list) -> ft.Control:
    """The client's payments, newest first, with the total paid."""
    currency = shell.currency
    rows: list[ft.Control] = [ft.Row([ft.Text(local_text(p.taken_at, shell.settings), width=200),
                    ft.Text(_(KIND_LABELS[p.kind]) if p.kind in KIND_LABELS else p.kind, width=90),
                    ft.Text(_(METHOD_LABELS[p.method]) if p.method in METHOD_LABELS else p.method, width=110),
                    ft.Text(money(-p.amount_minor if p.kind == "refund" else p.amount_minor, currency),
                            weight=ft.FontWeight.BOLD)])
            for p in sorted(payments, key=lambda p: p.taken_at, reverse=True)]
    if not rows:
        return section(_("Payments"), _empty(_("No payments yet.")))
    total = sum(-p.amount_minor if p.kind == "refund" else p.amount_minor for p in payments)
    return section(_("Payments"), *rows,
                   ft.Text(_("Total paid: %(amount)s", amount=money(total, currency)), weight=ft.FontWeight.BOLD))


def consents_block(shell, consents: list) -> ft.Control:
    """The signed consent forms, newest first."""
    rows: list[ft.Control] = []
    for c in sorted(consents, key=lambda c: c.signed_at, reverse=True):
        when = local_text(c.signed_at, shell.settings)
        facts = {"version": c.form_version, "when": when, "guardian": c.guardian_name, "relation": c.guardian_relation}
        if c.guardian_name:
            line = (_("Form %(version)s, signed %(when)s · guardian %(guardian)s (%(relation)s)", **facts)
                    if c.has_signature else
                    _("Form %(version)s, no signature, %(when)s · guardian %(guardian)s (%(relation)s)", **facts))
        else:
            line = (_("Form %(version)s, signed %(when)s", version=c.form_version, when=when) if c.has_signature
                    else _("Form %(version)s, no signature, %(when)s", version=c.form_version, when=when))
        rows.append(ft.Row([ft.Icon(ft.Icons.VERIFIED, color=ft.Colors.GREEN_700), ft.Text(line)]))
    return section(_("Consent records"), *(rows or [_empty(_("No consent signed yet."))]))


def inks_block(shell, inks: list) -> ft.Control:
    """The ink lots used on the client (their ink passport)."""
    rows: list[ft.Control] = [ft.Row([ft.Icon(ft.Icons.WATER_DROP, color=ft.Colors.BLUE_GREY_400),
                    ft.Text(_("%(brand)s %(colour)s, lot %(lot)s (expires %(expires)s) — session of %(when)s",
                              brand=i.brand, colour=i.colour, lot=i.lot, expires=i.expires_on.isoformat(),
                              when=local_text(i.session_starts_at, shell.settings)))])
            for i in sorted(inks, key=lambda i: i.session_starts_at, reverse=True)]
    return section(_("Inks used"), *(rows or [_empty(_("No inks recorded yet."))]))
