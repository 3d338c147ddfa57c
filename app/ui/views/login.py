"""Unlock / login: username and password; wrong-password and throttling answers shown as sentences."""

from __future__ import annotations

import flet as ft

from app.core.i18n import _
from app.ui.components.widgets import error_line, heading
from app.ui.shell import FAILED


class LoginView:
    """The first screen on a stick that holds a studio."""

    def __init__(self, shell, reason: str = ""):
        self.shell = shell
        self.username = ft.TextField(label=_("Username"), autofocus=True, width=320)
        self.password = ft.TextField(label=_("Password"), password=True, can_reveal_password=True, width=320,
                                     on_submit=lambda _e: self.log_in())
        self.error = error_line()
        if reason:
            self.error.value, self.error.visible = reason, True

    def build(self) -> ft.Control:
        """Return the login screen."""
        form = ft.Column([
            ft.Icon(ft.Icons.LOCK_OUTLINE, size=48), heading(_("Open the studio")),
            ft.Text(_("Log in with your studio account. The first login unlocks the encrypted studio.")),
            self.username, self.password, self.error,
            ft.Button(_("Log in"), icon=ft.Icons.LOGIN, on_click=lambda _e: self.log_in()),
        ], horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=12)
        return ft.Container(form, alignment=ft.Alignment.CENTER, expand=True, padding=ft.Padding.all(32))

    def log_in(self) -> None:
        """Send the username and password; on success open the studio, else say why (fields keep their text)."""
        if not (self.username.value or "").strip() or not self.password.value:
            self.error.value, self.error.visible = _("Type your username and password."), True
            return
        user = self.shell.act(self.shell.client.login, self.username.value.strip(), self.password.value,
                              error=self.error)
        if user is not FAILED:
            self.shell.logged_in(user)
