"""Admin's users panel, the actions that renew the studio's key: deactivate (shut out) and "this password leaked"."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.ui.components.widgets import error_line, show_error

MIN_PASSWORD = 8
SLOW_NOTE = ("This renews the studio's key: the whole database is rewritten, which takes a few seconds on a big "
             "studio (longer on a slow stick). Payments and bookings made meanwhile wait and are then saved.")


class RekeyActions:
    """Confirm, run behind a progress dialog, then say what the re-key means for the people involved."""

    def __init__(self, shell, after: Callable[[], None]):
        self.shell, self.after = shell, after

    def confirm_deactivate(self, user) -> None:
        """Ask before deactivating `user` (or shutting a deactivated account out again), saying what it does."""
        verb = "Deactivate" if user.active else "Shut out"
        dialog: ft.AlertDialog  # its buttons close it
        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(f"{verb} {user.display_name} ({user.username})?"),
            content=ft.Column([ft.Text(f"{user.username} can no longer log in; their logins end now."),
                               ft.Text(SLOW_NOTE),
                               ft.Text("They can still open the backups taken before today, if they kept copies "
                                       "of them; nothing made from now on.")], tight=True, width=460),
            actions=[ft.TextButton("Cancel", on_click=lambda _e: self.shell.close(dialog)),
                     ft.Button(f"{verb} and renew the key", on_click=lambda _e: self._deactivate(dialog, user))])
        self.shell.page.show_dialog(dialog)

    def _deactivate(self, dialog, user) -> None:
        self.shell.close(dialog)
        self.shell.run_long("Renewing the studio's key", lambda: self.shell.client.deactivate_user(user.id),
                            self._done)

    def ask_leaked(self, user) -> None:
        """Take a new password for `user`, whose password leaked, then renew the key."""
        field = ft.TextField(label="New password", password=True, can_reveal_password=True, width=300)
        error = error_line()

        def go(_e) -> None:
            if len(field.value or "") < MIN_PASSWORD:
                show_error(error, f"The password needs at least {MIN_PASSWORD} characters.")
                return
            self.shell.close(dialog)
            self.shell.run_long("Renewing the studio's key",
                                lambda: self.shell.client.password_leaked(user.id, field.value), self._done)

        dialog: ft.AlertDialog  # its buttons close it

        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(f"The password of {user.display_name} ({user.username}) leaked"),
            content=ft.Column([ft.Text("Give them a new password; the leaked one will open nothing made from now "
                                       "on, and their other logins end."), ft.Text(SLOW_NOTE), field, error],
                              tight=True, width=460),
            actions=[ft.TextButton("Cancel", on_click=lambda _e: self.shell.close(dialog)),
                     ft.Button("Set it and renew the key", on_click=go)])
        self.shell.page.show_dialog(dialog)

    def _done(self, result) -> None:
        lines = [f"The studio's key was renewed in {result.seconds:.1f} s.", result.note]
        if result.reset_needed:
            lines.append(f"Reset the password of {', '.join(result.reset_needed)}: they had not logged in since "
                         "the app was updated, so their old password no longer opens the studio.")
        if not result.mirror_cleaned:
            lines.append("The mirror drive is not plugged in: its copies lose the old key at its next backup copy.")
        if result.recovery_code:
            lines.append(f"The recovery key changed. Write the new one down and keep it safe: {result.recovery_code}")
            dialog: ft.AlertDialog  # its buttons close it
            dialog = ft.AlertDialog(modal=True, title=ft.Text("The studio's key was renewed"),
                                    content=ft.Column([ft.Text(line, selectable=True) for line in lines], tight=True,
                                                      width=460),
                                    actions=[ft.Button("I wrote the recovery key down",
                                                       on_click=lambda _e: self.shell.close(dialog))])
            self.shell.page.show_dialog(dialog)
        else:
            self.shell.notify(" ".join(lines))
        self.after()
