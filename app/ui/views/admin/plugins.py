"""Admin's "Plugins" section: every file in the stick's plugins/ folder with its hash, hooks and state, the plain
warning that a plugin runs with the app's full rights, and an enable or disable button per plugin. Enabling sends
the SHA-256 shown here, so a file swapped between seeing and clicking is refused."""

from __future__ import annotations

import flet as ft

from app.core.i18n import N_, _
from app.ui.components.widgets import ALERT_RED, error_line, section, show_error
from app.ui.shell import FAILED

WARNING = N_("A plugin runs with the app's full rights: enable only files you trust.")
STATE_LABELS = {
    "found": N_("Found, not enabled"),
    "enabled": N_("Enabled"),
    "changed": N_("Changed: approve again"),
    "failed": N_("Switched off for this session"),
    "refused": N_("Needs a newer app"),
    "safe_mode": N_("Not loaded: safe mode"),
    "invalid": N_("Cannot be enabled"),
    "missing": N_("File missing"),
}
CAN_ENABLE = ("found", "changed")
CAN_DISABLE = ("enabled", "failed", "refused", "safe_mode", "missing")


class PluginsPanel:
    """The plugin list; each button acts and then shows the list as the studio answers it."""

    def __init__(self, shell, on_change=lambda: None):
        self.shell, self.on_change = shell, on_change
        self.safe_mode = ft.Text("", color=ALERT_RED, visible=False)
        self.rows = ft.Column(spacing=12)
        self.error = error_line()

    def build(self, listed) -> ft.Control:
        """Return the section filled with `listed` (the API's PluginsOut)."""
        self._fill(listed)
        return section(_("Plugins"), ft.Text(_(WARNING), weight=ft.FontWeight.BOLD), self.safe_mode, self.rows,
                       self.error)

    def _fill(self, listed) -> None:
        show_error(self.safe_mode, listed.safe_mode_reason if listed.safe_mode else None)
        if not listed.plugins:
            self.rows.controls = [ft.Text(_("No plugin files in the stick's plugins/ folder."))]
            return
        self.rows.controls = [self._row(plugin) for plugin in listed.plugins]

    def _row(self, plugin) -> ft.Control:
        title = _("%(title)s %(version)s", title=plugin.title, version=plugin.version).strip()
        lines: list[ft.Control] = [
            ft.Text(title, weight=ft.FontWeight.BOLD),
            ft.Text(_("State: %(state)s", state=_(STATE_LABELS.get(plugin.state, plugin.state)))),
            ft.Text(_("File: %(file)s, by %(author)s", file=plugin.file or "-", author=plugin.author or "-")),
            ft.Text(_("SHA-256: %(sha)s", sha=plugin.sha256 or "-"), selectable=True, font_family="monospace",
                    size=12),
            ft.Text(_("Hooks: %(hooks)s", hooks=", ".join(plugin.hooks) or "-")),
        ]
        if plugin.problem:
            lines.append(ft.Text(plugin.problem, color=ALERT_RED))
        buttons: list[ft.Control] = []
        if plugin.state in CAN_ENABLE:
            buttons.append(ft.Button(_("Enable %(name)s", name=plugin.name), icon=ft.Icons.CHECK,
                                     on_click=lambda _e, p=plugin: self.enable(p.name, p.sha256)))
        if plugin.state in CAN_DISABLE:
            buttons.append(ft.TextButton(_("Disable %(name)s", name=plugin.name),
                                         on_click=lambda _e, p=plugin: self.disable(p.name)))
        if buttons:
            lines.append(ft.Row(buttons, wrap=True))
        return ft.Column(lines, spacing=2)

    def enable(self, name: str, sha256: str) -> None:
        """Enable `name` pinned to the hash this screen showed."""
        self._after(self.shell.act(self.shell.client.plugins.enable, name, sha256, error=self.error),
                    _("Plugin %(name)s enabled.", name=name))

    def disable(self, name: str) -> None:
        """Disable `name`."""
        self._after(self.shell.act(self.shell.client.plugins.disable, name, error=self.error),
                    _("Plugin %(name)s disabled.", name=name))

    def _after(self, listed, note: str) -> None:
        if listed is FAILED:
            return
        show_error(self.error, None)
        self._fill(listed)
        self.shell.notify(note)
        self.on_change()
