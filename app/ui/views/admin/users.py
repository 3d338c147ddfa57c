"""Admin's users panel: every account, create one, change its role, deactivate or reactivate, reset a password
(deactivating and a leaked password renew the studio's key: see admin_rekey)."""

from __future__ import annotations

import re

import flet as ft

from app.client.models import UserCreateIn, UserUpdateIn
from app.core.i18n import _
from app.ui.components.widgets import ALERT_RED, error_line, section, show_error
from app.ui.shell import FAILED
from app.ui.views.admin.rekey import RekeyActions

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
MIN_PASSWORD = 8


def password_problem(password: str) -> str | None:
    """A sentence when a typed password is too short, else None."""
    if len(password) < MIN_PASSWORD:
        return _("The password needs at least %(n)s characters.", n=MIN_PASSWORD)
    return None


class UsersPanel:
    """The accounts table and the form that adds one."""

    def __init__(self, shell, on_change=lambda: None):
        self.shell, self.on_change = shell, on_change
        self.table = ft.Column(spacing=4)
        self.username = ft.TextField(label=_("Username"), width=180)
        self.display_name = ft.TextField(label=_("Display name"), width=220)
        self.role = ft.Dropdown(label=_("Role"), width=170, value="staff",
                                options=[ft.DropdownOption(key="staff", text=_("Staff")),
                                         ft.DropdownOption(key="admin", text=_("Administrator"))])
        self.password = ft.TextField(label=_("Initial password"), password=True, can_reveal_password=True, width=220)
        self.is_artist = ft.Checkbox(label=_("Tattoo artist"), value=False)
        self.commission = ft.TextField(label=_("Commission %"), width=130, value="0")
        self.error = error_line()
        self.rekey = RekeyActions(shell, self._after_users_changed)

    def build(self, users) -> ft.Control:
        """Return the users panel filled with `users`: the accounts and the form to add one."""
        self._fill(users)
        add = ft.Button(_("Create user"), icon=ft.Icons.PERSON_ADD, on_click=lambda _e: self.create())
        form = ft.Column([ft.Row([self.username, self.display_name, self.role, self.password], wrap=True),
                          ft.Row([self.is_artist, self.commission, add]), self.error], spacing=8)
        return section(_("Users"), self.table, ft.Text(_("Add a user"), weight=ft.FontWeight.BOLD), form)

    def refresh(self) -> None:
        """Read the accounts again."""
        users = self.shell.act(self.shell.client.list_users)
        if users is not FAILED:
            self._fill(users)

    def _fill(self, users) -> None:
        self.table.controls = [self._row(u) for u in sorted(users, key=lambda u: (not u.active, u.username))]

    def _row(self, user) -> ft.Control:
        name = user.username
        if user.is_artist:
            pct = user.commission_pct
            details = (_("Administrator, artist (%(pct)s%% commission)", pct=pct) if user.role == "admin"
                       else _("Staff, artist (%(pct)s%% commission)", pct=pct))
        else:
            details = _("Administrator") if user.role == "admin" else _("Staff")
        state = ft.Text(_("Active") if user.active else _("Deactivated"), width=100,
                        color=None if user.active else ALERT_RED)
        other_role = "staff" if user.role == "admin" else "admin"
        buttons: list[ft.Control] = []
        if user.active:
            buttons += [ft.TextButton(_("Make %(name)s staff", name=name) if other_role == "staff"
                                      else _("Make %(name)s admin", name=name),
                                      on_click=lambda _e, u=user, r=other_role: self.change(u, UserUpdateIn(role=r))),
                        ft.TextButton(_("Reset password of %(name)s", name=name),
                                      on_click=lambda _e, u=user: self.ask_password(u)),
                        ft.TextButton(_("Password of %(name)s leaked", name=name),
                                      on_click=lambda _e, u=user: self.rekey.ask_leaked(u)),
                        ft.TextButton(_("Deactivate %(name)s", name=name),
                                      on_click=lambda _e, u=user: self.rekey.confirm_deactivate(u))]
        else:
            buttons += [ft.TextButton(_("Reactivate %(name)s", name=name),
                                      on_click=lambda _e, u=user: self.ask_password(u)),
                        ft.TextButton(_("Shut %(name)s out again (new key)", name=name),
                                      on_click=lambda _e, u=user: self.rekey.confirm_deactivate(u))]
        return ft.Row([ft.Text(user.display_name, width=180, weight=ft.FontWeight.BOLD), ft.Text(name, width=120),
                       ft.Text(details, width=260), state, *buttons], wrap=True)

    # --- actions -------------------------------------------------------------------------
    def create(self) -> None:
        """Add the account typed in the form; on an error everything typed stays."""
        problem, user = self._new_user()
        if problem:
            show_error(self.error, problem)
            return
        made = self.shell.act(self.shell.client.create_user, user, error=self.error)
        if made is FAILED:
            return
        show_error(self.error, None)
        for field in (self.username, self.display_name, self.password):
            field.value = ""
        self.shell.notify(_("%(name)s can now log in as %(username)s.", name=made.display_name,
                            username=made.username))
        self._after_users_changed()

    def _new_user(self) -> tuple[str | None, UserCreateIn | None]:
        username, display = (self.username.value or "").strip(), (self.display_name.value or "").strip()
        if not USERNAME.match(username):
            return _("The username needs 2 to 64 letters, digits, dots, dashes or underscores, starting with a "
                     "letter or digit."), None
        if not display:
            return _("Type the name to show for this user."), None
        problem = password_problem(self.password.value or "")
        if problem:
            return problem, None
        try:
            commission = int((self.commission.value or "0").strip())
        except ValueError:
            commission = -1
        if not 0 <= commission <= 100:
            return _("The commission is a whole percentage from 0 to 100, like 40."), None
        return None, UserCreateIn.model_validate({  # the role dropdown holds the contract's words
            "username": username, "display_name": display, "role": self.role.value or "staff",
            "password": self.password.value, "is_artist": bool(self.is_artist.value), "commission_pct": commission})

    def change(self, user, changes: UserUpdateIn) -> None:
        """Change one account's role or active flag."""
        changed = self.shell.act(self.shell.client.update_user, user.id, changes)
        if changed is not FAILED:
            self.shell.notify(self._changed_note(changed))
            self._after_users_changed()

    @staticmethod
    def _changed_note(user) -> str:
        """What a role or active change left the account as, in one whole sentence per state."""
        name = user.username
        if user.active:
            return _("%(username)s is now an active admin.", username=name) if user.role == "admin" else \
                _("%(username)s is now active staff.", username=name)
        return _("%(username)s is deactivated (admin).", username=name) if user.role == "admin" else \
            _("%(username)s is deactivated (staff).", username=name)

    def ask_password(self, user) -> None:
        """Ask for a new password: to reset it, or to reactivate a deactivated account (which then needs one)."""
        field = ft.TextField(label=_("New password"), password=True, can_reveal_password=True, width=300)
        error = error_line()
        verb = _("Reactivate") if not user.active else _("Set password")

        def save(_e) -> None:
            problem = password_problem(field.value or "")
            if problem:
                show_error(error, problem)
                return
            if not user.active and self.shell.act(self.shell.client.update_user, user.id,
                                                  UserUpdateIn(active=True), error=error) is FAILED:
                return
            if self.shell.act(self.shell.client.reset_password, user.id, field.value, error=error) is FAILED:
                return
            self.shell.close(dialog)
            self.shell.notify(_("%(username)s can log in with the new password.", username=user.username))
            self._after_users_changed()

        dialog: ft.AlertDialog  # its buttons close it

        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_("%(verb)s: %(name)s (%(username)s)", verb=verb, name=user.display_name,
                                                username=user.username)),
            content=ft.Column([ft.Text(_("Tell them the new password; their other logins end.")), field, error],
                              tight=True),
            actions=[ft.TextButton(_("Cancel"), on_click=lambda _e: self.shell.close(dialog)),
                     ft.Button(verb, on_click=save)])
        self.shell.page.show_dialog(dialog)

    def _after_users_changed(self) -> None:
        self.refresh()
        self.shell.reload_settings()  # the artists list may have changed
        self.on_change()
