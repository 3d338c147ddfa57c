"""Admin (admins only; the API refuses anyone else): users, studio settings, backups kept, sync, plugins and the
latest audit."""

from __future__ import annotations

import flet as ft
from babel.dates import format_datetime

from app.core.i18n import _
from app.domain.audit_labels import audit_label
from app.ui.components.widgets import display_locale, heading, section
from app.ui.shell import FAILED
from app.ui.views.admin.assistant_settings import AssistantSettingsPanel
from app.ui.views.admin.backups_kept import BackupsKeptPanel
from app.ui.views.admin.plugins import PluginsPanel
from app.ui.views.admin.settings import SettingsPanel
from app.ui.views.admin.sync import SyncPanel
from app.ui.views.admin.users import UsersPanel

AUDIT_ROWS = 20


class AdminView:
    """Accounts and studio settings; every read here is admin-only, so staff get the API's refusal sentence."""

    def __init__(self, shell):
        self.shell = shell
        self.users = UsersPanel(shell, on_change=self.refresh_audit)
        self.settings = SettingsPanel(shell, on_change=self.refresh_audit)
        self.kept = BackupsKeptPanel(shell, on_change=self.refresh_audit)
        self.plugins = PluginsPanel(shell, on_change=shell.plugins_changed)  # the screen is drawn again, audit too
        self.assistant = AssistantSettingsPanel(shell, on_change=self.refresh_audit)
        self.sync = SyncPanel(shell)
        self.audit = ft.Column(spacing=8)

    def build(self) -> ft.Control:
        """Load the users, settings and audit trail and return the Admin screen."""
        client = self.shell.client
        users = client.list_users()  # refused for staff: the shell shows the sentence and stays where it was
        settings = client.settings()
        plugins = client.plugins.plugins()
        sync = client.sync.status()
        self._fill_audit(client.audit(limit=AUDIT_ROWS))
        return ft.Column([heading(_("Admin")), self.users.build(users), ft.Divider(), self.settings.build(settings),
                          ft.Divider(), self.kept.build(settings), ft.Divider(), self.sync.build(sync),
                          ft.Divider(), self.plugins.build(plugins),
                          ft.Divider(), self.assistant.build(settings),
                          ft.Divider(), self.audit], spacing=16,
                         scroll=ft.ScrollMode.AUTO, expand=True)

    def refresh_audit(self) -> None:
        """Read the latest audit entries again (after a change made here)."""
        entries = self.shell.act(self.shell.client.audit, limit=AUDIT_ROWS)
        if entries is not FAILED:
            self._fill_audit(entries)

    def _fill_audit(self, entries) -> None:
        self.audit.controls = [self._audit(entries)]

    def _audit(self, entries) -> ft.Control:
        if not entries:
            return section(_("Recent changes"), ft.Text(_("Nothing recorded yet.")))
        zone, where = self.shell.zone, display_locale()
        rows = [ft.Row([ft.Text(format_datetime(e.at.astimezone(zone), "dd MMM HH:mm", locale=where), width=110),
                        ft.Text(e.actor_username or _("system"), width=110),
                        ft.Text(audit_label(e.entity, e.action), width=170), ft.Text(e.summary, expand=True)])
                for e in entries]
        return section(_("Recent changes (last %(n)s)", n=AUDIT_ROWS), *rows)
