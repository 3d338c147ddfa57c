"""Clients: find them as you type (a red mark for medical alerts), open one, or add a new one."""

from __future__ import annotations

import re

import flet as ft

from app.client.models import ClientCreateIn
from app.core.i18n import _, ngettext
from app.domain.errors import ConflictError
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import ALERT_RED, error_line, heading, show_error
from app.ui.shell import FAILED
from app.ui.views.clients.form import ClientForm, field_labels

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class ClientsView:
    """The client list with search-as-you-type and the "New client" button."""

    def __init__(self, shell):
        self.shell = shell
        self.search = ft.TextField(label=_("Search clients"), prefix_icon=ft.Icons.SEARCH, width=420, autofocus=True,
                                   hint_text=_("Name, phone or email"), on_change=lambda _e: self.refresh())
        self.count = ft.Text("", color=ft.Colors.GREY_700)
        self.results = ft.Column([], spacing=0, scroll=ft.ScrollMode.AUTO, expand=True)

    def build(self) -> ft.Control:
        """Load the recent clients and return the Clients screen with its search."""
        self._show(self.shell.client.clients.search(""))
        top = ft.Row([self.search, ft.Button(_("New client"), icon=ft.Icons.PERSON_ADD,
                                              on_click=lambda _e: NewClientDialog(self.shell).open()),
                      ft.OutlinedButton(_("Registrations by QR"), icon=ft.Icons.QR_CODE,
                                        on_click=lambda _e: self.shell.navigate("intake"))])
        return ft.Column([heading(_("Clients")), top, self.count, self.results], expand=True, spacing=12)

    def refresh(self) -> None:
        """Search again with what is typed now."""
        found = self.shell.act(self.shell.client.clients.search, (self.search.value or "").strip())
        if found is not FAILED:
            self._show(found)

    def _show(self, found: list) -> None:
        typed = (self.search.value or "").strip()
        if not found:
            self.count.value = (_("No client matches '%(typed)s'.", typed=typed) if typed
                                else _("No clients yet: add the first one."))
        else:
            self.count.value = (ngettext("%(n)s found", "%(n)s found", len(found)) if typed
                                else _("Recently added clients"))
        self.results.controls = [self._row(c) for c in found]

    def _row(self, found) -> ft.Control:
        name = f"{found.first_name} {found.last_name}"
        contact = " · ".join(part for part in (found.phone, found.email) if part)
        mark = (ft.Icon(ft.Icons.WARNING_AMBER, color=ALERT_RED, tooltip=_("Medical alert")) if found.has_alert
                else ft.Icon(ft.Icons.PERSON_OUTLINE))
        return ft.ListTile(
            leading=mark, title=ft.Text(name), subtitle=ft.Text(contact) if contact else None,
            trailing=(ft.Text(_("Medical alert"), color=ALERT_RED, weight=ft.FontWeight.BOLD) if found.has_alert
                      else None),
            data=name, on_click=lambda _e, cid=found.id: self.shell.navigate("client", client_id=cid))


class _Duplicate:
    """The API said the client may already be on file."""

    def __init__(self, message: str):
        self.message = message


class NewClientDialog:
    """The "New client" form; a likely duplicate is named, with "Open" buttons and "Create anyway"."""

    def __init__(self, shell):
        self.shell = shell
        self.form = ClientForm()
        self.error = error_line()
        self.duplicates = ft.Column([], visible=False, spacing=6)
        self.dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_("New client")),
            content=ft.Column([*self.form.controls(), self.error, self.duplicates], tight=True,
                              scroll=ft.ScrollMode.AUTO, width=760),
            actions=[ft.Button(_("Save client"), icon=ft.Icons.SAVE, on_click=lambda _e: self.save()),
                     ft.TextButton(_("Cancel"), on_click=lambda _e: self.close())])

    def open(self) -> None:
        """Show the form."""
        self.shell.page.show_dialog(self.dialog)

    def close(self) -> None:
        """Close the form without adding anyone."""
        self.shell.close(self.dialog)

    def save(self, allow_duplicate: bool = False) -> None:
        """Send the form; on a likely duplicate say who it may be, on any other refusal say why."""
        try:
            values = {**self.form.values(), "allow_duplicate": allow_duplicate}
            request = make_model(ClientCreateIn, values, field_labels())
        except FormError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, None)
        created = self.shell.act(self._create, request, error=self.error)
        if created is FAILED:
            return
        if isinstance(created, _Duplicate):
            self._offer_duplicates(created.message)
            return
        self.close()
        self.shell.notify(_("%(name)s was added.", name=f"{created.first_name} {created.last_name}"))
        self.shell.navigate("client", client_id=created.id)

    def _create(self, request: ClientCreateIn):
        try:
            return self.shell.client.clients.create(request)
        except ConflictError as exc:
            return _Duplicate(str(exc))

    def _offer_duplicates(self, message: str) -> None:
        rows: list[ft.Control] = []
        for client_id in dict.fromkeys(UUID.findall(message)):
            detail = self.shell.act(self.shell.client.clients.get, client_id)
            if detail is FAILED:
                continue
            known = detail.client
            name = f"{known.first_name} {known.last_name}"
            facts = ", ".join(part for part in (
                _("born %(date)s", date=known.birth_date.isoformat()) if known.birth_date else "", known.phone or "",
                known.email or "") if part)
            rows.append(ft.Row([ft.Text(f"{name} ({facts})" if facts else name, expand=True),
                                ft.TextButton(_("Open %(name)s", name=name),
                                              on_click=lambda _e, cid=client_id: self._open_known(cid))]))
        intro = (_("This client may already be on file (same name and birth date, or same phone). "
                   "Open their record, or create a new client anyway.") if rows else message)
        self.duplicates.controls = [ft.Text(intro, color=ft.Colors.ORANGE_900, weight=ft.FontWeight.BOLD), *rows,
                                    ft.Button(_("Create anyway"), icon=ft.Icons.PERSON_ADD,
                                              on_click=lambda _e: self.save(allow_duplicate=True))]
        self.duplicates.visible = True

    def _open_known(self, client_id: str) -> None:
        self.close()
        self.shell.navigate("client", client_id=client_id)
