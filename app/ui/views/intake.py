"""Registrations by QR code: show a QR for a new client (its address written beneath, and whether phones can
reach it), and the pending registrations with their safety flags, to accept (new or merged) or reject."""

from __future__ import annotations

import base64

import flet as ft

from app.core.i18n import _
from app.ui.components.files import save_document
from app.ui.components.widgets import ALERT_RED, heading
from app.ui.shell import FAILED


def help_text() -> str:
    """What to check when phones cannot open the address: the two usual causes."""
    return _("If a phone cannot open the address: make sure it is on the studio's own Wi-Fi, not a guest Wi-Fi "
             "that keeps devices apart; and if the computer's firewall asked whether to allow this app, allow it "
             "on private networks.")


class IntakeView:
    """The pending queue and the "New client by QR" button."""

    def __init__(self, shell):
        self.shell = shell
        self.entries = ft.Column([], spacing=12, scroll=ft.ScrollMode.AUTO, expand=True)

    def build(self) -> ft.Control:
        """Load the pending registrations and return the screen."""
        self._show(self.shell.client.intake.pending())
        top = ft.Row([ft.Button(_("New client by QR"), icon=ft.Icons.QR_CODE,
                                on_click=lambda _e: QrDialog(self.shell, self.refresh).open()),
                      ft.TextButton(_("Refresh"), icon=ft.Icons.REFRESH, on_click=lambda _e: self.refresh())])
        if self.shell.user is not None and self.shell.user.role == "admin":  # the API refuses staff a kiosk code
            top.controls.insert(1, ft.OutlinedButton(
                _("Kiosk code for the studio's tablet"), icon=ft.Icons.TABLET,
                on_click=lambda _e: QrDialog(self.shell, self.refresh, kind="kiosk").open()))
        return ft.Column([heading(_("Registrations")), top, heading(_("Pending registrations")), self.entries],
                         expand=True, spacing=12)

    def refresh(self) -> None:
        """Load the pending registrations again."""
        found = self.shell.act(self.shell.client.intake.pending)
        if found is not FAILED:
            self._show(found)

    def _show(self, pending: list) -> None:
        if not pending:
            self.entries.controls = [ft.Text(_("No registration is waiting."), color=ft.Colors.GREY_700)]
            return
        self.entries.controls = [self._entry(p) for p in pending]

    def _entry(self, entry) -> ft.Control:
        name = f"{entry.first_name} {entry.last_name}"
        born = _("born %(date)s", date=entry.birth_date.isoformat()) if entry.birth_date else ""
        flags = [ft.Text(flag.text, color=ALERT_RED, weight=ft.FontWeight.BOLD, selectable=True)
                 for flag in entry.flags]
        actions: list[ft.Control] = [ft.Button(_("Accept as new client"), icon=ft.Icons.PERSON_ADD,
                                               on_click=lambda _e, pid=entry.id: self._accept(pid, None))]
        for client_id in entry.likely_clients:
            known = self.shell.act(self.shell.client.clients.get, client_id)
            if known is FAILED:
                continue
            known_name = f"{known.client.first_name} {known.client.last_name}"
            actions.append(ft.OutlinedButton(_("Merge into %(name)s", name=known_name), icon=ft.Icons.MERGE,
                                             on_click=lambda _e, pid=entry.id, cid=client_id: self._accept(pid, cid)))
        actions.append(ft.TextButton(_("Reject"), icon=ft.Icons.DELETE_OUTLINE,
                                     on_click=lambda _e, pid=entry.id: self._reject(pid)))
        return ft.Container(
            ft.Column([ft.Text(f"{name} {born}".strip(), size=18, weight=ft.FontWeight.BOLD, selectable=True),
                       *flags, ft.Row(actions, wrap=True)], spacing=6),
            padding=ft.Padding.all(12), border=ft.Border.all(1, ft.Colors.GREY_400), border_radius=8, data=name)

    def _accept(self, pending_id: str, client_id: str | None) -> None:
        made = self.shell.act(self.shell.client.intake.accept, pending_id, client_id)
        if made is FAILED:
            return
        self.shell.notify(_("%(name)s was added.", name=f"{made.first_name} {made.last_name}") if client_id is None
                          else _("The registration was merged into %(name)s.",
                                 name=f"{made.first_name} {made.last_name}"))
        self.refresh()

    def _reject(self, pending_id: str) -> None:
        if self.shell.act(self.shell.client.intake.reject, pending_id) is FAILED:
            return
        self.shell.notify(_("The registration was rejected and deleted."))
        self.refresh()


class QrDialog:
    """The QR code for a new client, with its address beneath, its expiry and the self-test."""

    def __init__(self, shell, after, kind: str = "new_client"):
        self.shell, self.after, self.kind = shell, after, kind
        self.code_id: str | None = None
        self.card: bytes | None = None
        self.showing = False
        self.dialog = ft.AlertDialog(modal=True, title=ft.Text(_("New client by QR")))

    def open(self) -> None:
        """Open a code and show it; first ask which network phones use when this computer is on several."""
        state = self.shell.act(self.shell.client.intake.listener)
        if state is not FAILED and len(state.addresses) > 1:
            choice = ft.Dropdown(label=_("Network address phones use"), width=320, value=state.addresses[0],
                                 options=[ft.DropdownOption(key=a, text=a) for a in state.addresses])
            self.dialog.content = ft.Column([ft.Text(_("This computer is on several networks. Choose the one "
                                                       "of the studio's Wi-Fi.")), choice], tight=True, width=520)
            self.dialog.actions = [ft.Button(_("Show the QR code"), on_click=lambda _e: self._show(choice.value)),
                                   ft.TextButton(_("Cancel"), on_click=lambda _e: self.shell.close(self.dialog))]
            self.shell.page.show_dialog(self.dialog)
            self.showing = True
            return
        self._show(None)

    def _show(self, address: str | None) -> None:
        opened = self.shell.act(self.shell.client.intake.open_code, kind=self.kind,
                                address=address)
        if opened is FAILED:
            return
        self.code_id = opened.code.id
        self.card = base64.b64decode(opened.card_pdf_base64) if opened.card_pdf_base64 else None
        state = self.shell.act(self.shell.client.intake.listener)
        answers = state is not FAILED and state.answers
        check = (ft.Text(_("Self-test: the form answers on this address from this computer."),
                         color=ft.Colors.GREEN_800) if answers else
                 ft.Text(_("Self-test: the form does not answer on this address, even from this computer."),
                         color=ALERT_RED, weight=ft.FontWeight.BOLD))
        expires = opened.expires_at.astimezone(self.shell.zone).strftime("%H:%M")
        self.dialog.content = ft.Column([
            ft.Image(src=base64.b64decode(opened.qr_png_base64), width=320, height=320),
            ft.Text(opened.url, selectable=True, size=16, weight=ft.FontWeight.BOLD),
            ft.Text(_("Scan with the phone's camera. The code works once, until %(time)s.", time=expires)
                    if self.kind != "kiosk" else
                    _("Open this address on the studio's tablet. It takes one client after another until %(time)s "
                      "or until you withdraw it.", time=expires)),
            check, ft.Text(help_text(), color=ft.Colors.GREY_800)], tight=True, width=520,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER, scroll=ft.ScrollMode.AUTO)
        self.dialog.actions = [ft.TextButton(_("Withdraw the code"), on_click=lambda _e: self.withdraw()),
                               ft.Button(_("Done"), on_click=lambda _e: self.close())]
        if self.card is not None:
            self.dialog.actions.insert(0, ft.OutlinedButton(_("Save card"), icon=ft.Icons.PRINT,
                                                            on_click=self.save_card))
        if self.showing:
            self.dialog.update()
        else:
            self.shell.page.show_dialog(self.dialog)
            self.showing = True

    async def save_card(self, _e=None) -> None:
        """Save the printable "scan to register" card of the kiosk code where the person chooses."""
        card = self.card
        await save_document(self.shell, lambda _day: card, None, "scan-to-register.pdf")

    def withdraw(self) -> None:
        """Withdraw the code now and close."""
        if self.code_id is not None:
            self.shell.act(self.shell.client.intake.revoke_code, self.code_id)
        self.close()

    def close(self) -> None:
        """Close the dialog and look at the queue again (the client may have sent the form already)."""
        self.shell.close(self.dialog)
        self.after()
