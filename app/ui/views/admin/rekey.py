"""Admin's users panel, the actions that renew the studio's key: deactivate (shut out) and "this password leaked"."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft
from babel.lists import format_list
from babel.numbers import format_decimal

from app.core.i18n import N_, _
from app.ui.components.widgets import display_locale, error_line, show_error

MIN_PASSWORD = 8
SLOW_NOTE = N_("This renews the studio's key: the whole database is rewritten, which takes a few seconds on a big "
             "studio (longer on a slow stick). Payments and bookings made meanwhile wait and are then saved.")


class RekeyActions:
    """Confirm, run behind a progress dialog, then say what the re-key means for the people involved."""

    def __init__(self, shell, after: Callable[[], None]):
        self.shell, self.after = shell, after

    def confirm_deactivate(self, user) -> None:
        """Ask before deactivating `user` (or shutting a deactivated account out again), saying what it does."""
        names = {"name": user.display_name, "username": user.username}
        if user.active:
            title, button = _("Deactivate %(name)s (%(username)s)?", **names), _("Deactivate and renew the key")
        else:
            title, button = _("Shut out %(name)s (%(username)s)?", **names), _("Shut out and renew the key")
        dialog: ft.AlertDialog  # its buttons close it
        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(title),
            content=ft.Column([ft.Text(_("%(username)s can no longer log in; their logins end now.",
                                         username=user.username)),
                               ft.Text(_(SLOW_NOTE)),
                               ft.Text(_("They can still open the backups taken before today, if they kept copies "
                                         "of them; nothing made from now on."))], tight=True, width=460),
            actions=[ft.TextButton(_("Cancel"), on_click=lambda _e: self.shell.close(dialog)),
                     ft.Button(button, on_click=lambda _e: self._deactivate(dialog, user))])
        self.shell.page.show_dialog(dialog)

    def _deactivate(self, dialog, user) -> None:
        self.shell.close(dialog)
        self.shell.run_long(_("Renewing the studio's key"), lambda: self.shell.client.deactivate_user(user.id),
                            self._done)

    def ask_leaked(self, user) -> None:
        """Take a new password for `user`, whose password leaked, then renew the key."""
        field = ft.TextField(label=_("New password"), password=True, can_reveal_password=True, width=300)
        error = error_line()

        def go(_e) -> None:
            if len(field.value or "") < MIN_PASSWORD:
                show_error(error, _("The password needs at least %(n)s characters.", n=MIN_PASSWORD))
                return
            self.shell.close(dialog)
            self.shell.run_long(_("Renewing the studio's key"),
                                lambda: self.shell.client.password_leaked(user.id, field.value), self._done)

        dialog: ft.AlertDialog  # its buttons close it

        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_("The password of %(name)s (%(username)s) leaked", name=user.display_name,
                                             username=user.username)),
            content=ft.Column([ft.Text(_("Give them a new password; the leaked one will open nothing made from now "
                                         "on, and their other logins end.")), ft.Text(_(SLOW_NOTE)), field, error],
                              tight=True, width=460),
            actions=[ft.TextButton(_("Cancel"), on_click=lambda _e: self.shell.close(dialog)),
                     ft.Button(_("Set it and renew the key"), on_click=go)])
        self.shell.page.show_dialog(dialog)

    def _done(self, result) -> None:
        seconds = format_decimal(round(result.seconds, 1), "0.0", locale=display_locale())
        lines = [_("The studio's key was renewed in %(seconds)s s.", seconds=seconds), result.note]
        if result.reset_needed:
            lines.append(_("Reset the password of %(names)s: they had not logged in since the app was updated, "
                           "so their old password no longer opens the studio.",
                           names=format_list(list(result.reset_needed), locale=display_locale())))
        if not result.mirror_cleaned:
            lines.append(_("The mirror drive is not plugged in: its copies lose the old key at its next backup copy."))
        if result.recovery_code:
            lines.append(_("The recovery key changed. Write the new one down and keep it safe: %(code)s",
                           code=result.recovery_code))
            dialog: ft.AlertDialog  # its buttons close it
            dialog = ft.AlertDialog(modal=True, title=ft.Text(_("The studio's key was renewed")),
                                    content=ft.Column([ft.Text(line, selectable=True) for line in lines], tight=True,
                                                      width=460),
                                    actions=[ft.Button(_("I wrote the recovery key down"),
                                                       on_click=lambda _e: self.shell.close(dialog))])
            self.shell.page.show_dialog(dialog)
        else:
            self.shell.notify(" ".join(lines))
        self.after()
