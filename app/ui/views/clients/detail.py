"""One client: the medical alert banner, contact details (edit, ID check), medical profile and history."""

from __future__ import annotations

import flet as ft

from app.client.models import ClientOut, ClientUpdateIn, IdCheckIn
from app.core.i18n import _
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import alert_banner, error_line, heading, local_text, section, show_error
from app.ui.shell import FAILED
from app.ui.views.clients.form import ClientForm, field_labels
from app.ui.views.clients.history import consents_block, inks_block, payments_block, sessions_block
from app.ui.views.clients.medical import MedicalSection


class ClientDetailView:
    """A client's page; the red banner is refreshed whenever the medical profile is saved."""

    def __init__(self, shell, client_id: str):
        self.shell, self.client_id = shell, client_id
        self.client: ClientOut  # read by build()
        self.title = heading("")
        self.banner = ft.Container()
        self.contact = ft.Column([], spacing=4)
        self.id_type = ft.TextField(label=_("ID document type"),
                                    hint_text=_("passport, DNI, driving licence"), width=260)
        self.id_error = error_line()

    def build(self) -> ft.Control:
        """Load the client and return their screen, alerts first."""
        detail = self.shell.client.clients.get(self.client_id)
        self.client = detail.client
        self.show_alerts([alert.text for alert in detail.alerts])
        self._fill_contact()
        medical = MedicalSection(self.shell, self.client_id, detail.medical, self.show_alerts)
        top = ft.Row([self.title,
                      ft.Button(_("Edit"), icon=ft.Icons.EDIT, on_click=lambda _e: self.edit()),
                      ft.Button(_("Book a session"), icon=ft.Icons.EVENT_AVAILABLE,
                                on_click=lambda _e: self.shell.navigate("calendar")),
                      ft.TextButton(_("Back to clients"), icon=ft.Icons.ARROW_BACK,
                                    on_click=lambda _e: self.shell.navigate("clients"))], wrap=True)
        id_check = ft.Row([self.id_type, ft.Button(_("Record ID check"), icon=ft.Icons.BADGE,
                                                   on_click=lambda _e: self.record_id_check())])
        details = ft.Column([section(_("Contact details"), self.contact), id_check, self.id_error], expand=1)
        history = ft.Row([ft.Column([sessions_block(self.shell, detail.sessions)], expand=1),
                          ft.Column([payments_block(self.shell, detail.payments)], expand=1)],
                         vertical_alignment=ft.CrossAxisAlignment.START)
        return ft.Column([
            top, self.banner,
            ft.Row([details, ft.Column([medical.build()], expand=1)], vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Divider(), history, ft.Divider(),
            consents_block(self.shell, detail.consents), inks_block(self.shell, detail.inks),
        ], scroll=ft.ScrollMode.AUTO, expand=True, spacing=12)

    def show_alerts(self, alerts: list[str]) -> None:
        """Show the red banner for these alerts (or hide it when there are none)."""
        self.banner.content = alert_banner(alerts)

    def _fill_contact(self) -> None:
        c = self.client
        self.title.value = f"{c.first_name} {c.last_name}"
        yes, no = _("yes"), _("no")
        lines = [(_("Born"), c.birth_date.isoformat() if c.birth_date else _("not recorded")), (_("Phone"), c.phone),
                 (_("Email"), c.email), (_("Address"), c.address), (_("Emergency contact"), c.emergency_contact),
                 (_("Notes"), c.notes), (_("Marketing messages"), yes if c.marketing_consent else no),
                 (_("Photos of the work"), yes if c.photo_consent else no)]
        if c.id_check_type:
            checked = local_text(c.id_checked_at, self.shell.settings) if c.id_checked_at else ""
            lines.append((_("ID checked"), f"{c.id_check_type} {checked}".strip()))
        else:
            lines.append((_("ID checked"), _("not yet")))
        self.contact.controls = [ft.Row([ft.Text(_("%(label)s:", label=label), weight=ft.FontWeight.BOLD, width=150),
                                         ft.Text(value, expand=True)])
                                 for label, value in lines if value]

    def edit(self) -> None:
        """Open the contact details in a form."""
        EditClientDialog(self).open()

    def changed(self, client) -> None:
        """The API saved new contact details: show them."""
        self.client = client
        self._fill_contact()

    def record_id_check(self) -> None:
        """Record that the client's ID document was seen (its type only)."""
        document = (self.id_type.value or "").strip()
        if not document:
            show_error(self.id_error, _("Type which document you checked, for example passport."))
            return
        saved = self.shell.act(self.shell.client.clients.record_id_check, self.client_id,
                               IdCheckIn(document_type=document[:40]), error=self.id_error)
        if saved is not FAILED:
            show_error(self.id_error, None)
            self.id_type.value = ""
            self.changed(saved)
            self.shell.notify(_("ID check recorded."))


class EditClientDialog:
    """The client's details in the shared form; "Save changes" sends them as a PATCH."""

    def __init__(self, screen: ClientDetailView):
        self.screen, self.shell = screen, screen.shell
        self.form = ClientForm(screen.client)
        self.error = error_line()
        self.dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_("Edit client")),
            content=ft.Column([*self.form.controls(), self.error], tight=True, scroll=ft.ScrollMode.AUTO, width=760),
            actions=[ft.Button(_("Save changes"), icon=ft.Icons.SAVE, on_click=lambda _e: self.save()),
                     ft.TextButton(_("Cancel"), on_click=lambda _e: self.close())])

    def open(self) -> None:
        """Show the form."""
        self.shell.page.show_dialog(self.dialog)

    def close(self) -> None:
        """Close the form."""
        self.shell.close(self.dialog)

    def save(self) -> None:
        """Send the changed details; on a refusal the form stays open with its sentence."""
        try:
            request = make_model(ClientUpdateIn, self.form.values(), field_labels())
        except FormError as exc:
            show_error(self.error, str(exc))
            return
        saved = self.shell.act(self.shell.client.clients.update, self.screen.client_id, request, error=self.error)
        if saved is FAILED:
            return
        self.close()
        self.screen.changed(saved)
        self.shell.notify(_("Client details saved."))
