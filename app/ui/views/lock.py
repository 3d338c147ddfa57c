"""The lock screen: everything is hidden until the same user types their password (or someone else logs in)."""

from __future__ import annotations

import flet as ft

from app.core.i18n import _
from app.ui.components.widgets import error_line, heading
from app.ui.shell import FAILED


class LockView:
    """Shown after the Lock button or the idle timeout; the screen behind it keeps what was typed."""

    def __init__(self, shell, username: str, reason: str = ""):
        self.shell, self.username = shell, username
        self.reason = reason or _("The studio is locked.")
        self.password = ft.TextField(label=_("Password"), password=True, can_reveal_password=True, width=320,
                                     autofocus=True, on_submit=lambda _e: self.unlock())
        self.error = error_line()

    def build(self) -> ft.Control:
        """Return the lock screen, asking for the password of the user who locked it."""
        form = ft.Column([
            ft.Icon(ft.Icons.LOCK, size=48), heading(_("Locked")), ft.Text(self.reason),
            ft.Text(_("Type the password of %(username)s to carry on where you left off.", username=self.username)),
            self.password, self.error,
            ft.Row([ft.Button(_("Unlock"), icon=ft.Icons.LOCK_OPEN, on_click=lambda _e: self.unlock()),
                    ft.TextButton(_("Switch user"), on_click=lambda _e: self.switch_user())],
                   alignment=ft.MainAxisAlignment.CENTER),
        ], horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=12)
        return ft.Container(form, alignment=ft.Alignment.CENTER, expand=True, padding=ft.Padding.all(32))

    def unlock(self) -> None:
        """Check the password with the API and give the screen back."""
        if not self.password.value:
            self.error.value, self.error.visible = _("Type your password."), True
            return
        user = self.shell.act(self.shell.client.login, self.username, self.password.value, error=self.error)
        if user is not FAILED:
            self.shell.unlocked(user)

    def switch_user(self) -> None:
        """Let someone else log in; the locked user's unsaved screen is dropped."""
        self.shell.user, self.shell.frame, self.shell.locked = None, None, False
        self.shell.show_full("login")
