"""First run on an empty stick: studio name, currency, time zone, the first admin, then the recovery key once."""

from __future__ import annotations

import flet as ft

from app.client.models import StudioCreatedOut, StudioCreateIn, UserOut
from app.core.i18n import _
from app.ui.components.widgets import error_line, heading
from app.ui.shell import FAILED

CURRENCIES = ("EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CAD", "AUD")


class WizardView:
    """Create the studio, then show its recovery key until someone says it is written down."""

    def __init__(self, shell):
        self.shell = shell
        self.studio_name = ft.TextField(label=_("Studio name"), width=360, autofocus=True)
        self.currency = ft.Dropdown(label=_("Currency"), width=360, value="EUR",
                                    options=[ft.DropdownOption(c) for c in CURRENCIES])
        self.timezone = ft.TextField(label=_("Time zone"), width=360, value="Europe/London",
                                     helper=_("Its IANA name, like Europe/Madrid."))
        self.admin_name = ft.TextField(label=_("Your name"), width=360)
        self.admin_username = ft.TextField(label=_("Admin username"), width=360)
        self.password = ft.TextField(label=_("Admin password"), password=True, can_reveal_password=True, width=360,
                                     helper=_("At least 8 characters."))
        self.password_again = ft.TextField(label=_("Admin password again"), password=True, width=360)
        self.error = error_line()
        self.body = ft.Column(horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=12,
                              scroll=ft.ScrollMode.AUTO)
        self.created: StudioCreatedOut | None = None

    def build(self) -> ft.Control:
        """Return the first-run wizard that creates the studio on an empty stick."""
        self.body.controls = [
            heading(_("Set up your studio")),
            ft.Text(_("This stick has no studio yet. Everything you enter stays encrypted on this stick.")),
            self.studio_name, self.currency, self.timezone, ft.Divider(),
            ft.Text(_("The first admin account"), weight=ft.FontWeight.BOLD),
            self.admin_name, self.admin_username, self.password, self.password_again, self.error,
            ft.Button(_("Create studio"), icon=ft.Icons.CHECK, on_click=lambda _e: self.create()),
        ]
        return ft.Container(self.body, alignment=ft.Alignment.TOP_CENTER, expand=True, padding=ft.Padding.all(32))

    def create(self) -> None:
        """Check the form, create the studio through the API, then show the recovery key."""
        problem, currency = self._problem(), self.currency.value
        if problem or not currency:
            self.error.value, self.error.visible = problem or _("Choose the studio's currency."), True
            return
        request = StudioCreateIn(
            studio_name=self.studio_name.value.strip(), currency=currency,
            timezone=self.timezone.value.strip(), admin_username=self.admin_username.value.strip(),
            admin_display_name=(self.admin_name.value or "").strip(), admin_password=self.password.value)
        created = self.shell.act(self.shell.client.create_studio, request, error=self.error)
        if created is FAILED:
            return
        self.created = created
        self._show_recovery_key(created.recovery_code, created.user)

    def _problem(self) -> str | None:
        if not (self.studio_name.value or "").strip():
            return _("Give the studio a name.")
        if not (self.timezone.value or "").strip():
            return _("Choose the studio's time zone.")
        if not (self.admin_username.value or "").strip():
            return _("Choose a username for the admin account.")
        if len(self.password.value or "") < 8:
            return _("The admin password needs at least 8 characters.")
        if self.password.value != self.password_again.value:
            return _("The two passwords differ. Type the same password twice.")
        return None

    def _show_recovery_key(self, code: str, user: UserOut) -> None:
        written = ft.Checkbox(label=_("I have written it down"))
        carry_on = ft.Button(_("Open the studio"), icon=ft.Icons.ARROW_FORWARD, disabled=True,
                             on_click=lambda _e: self.shell.logged_in(user))

        def ticked(_e) -> None:
            carry_on.disabled = not written.value

        written.on_change = ticked
        self.body.controls = [
            heading(_("Your recovery key")),
            ft.Text(_("Write this key on paper and keep it away from the stick. It is shown only this once."),
                    weight=ft.FontWeight.BOLD),
            ft.Text(_("If every admin password is lost, or the stick must be rebuilt from the backup drive, "
                      "this key is the only way back in. Nobody else has a copy.")),
            ft.Container(ft.Text(code, size=24, selectable=True, font_family="monospace",
                                 weight=ft.FontWeight.BOLD),
                         padding=ft.Padding.all(16), border=ft.Border.all(2, ft.Colors.BLACK), border_radius=8),
            ft.Row([written], alignment=ft.MainAxisAlignment.CENTER), carry_on,
        ]
