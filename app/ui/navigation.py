"""The shell's navigation: the core screens, then the screens plugins add for this user's role (the built-in core
plugin adds Backups), then Admin; and how a plugin's screen is built when opened."""

from __future__ import annotations

import logging

import flet as ft

from app.core.i18n import N_, _
from app.plugins import screens

log = logging.getLogger(__name__)
# (screen, label, icon, admins only): the core entries, then the plugins' (the built-in core plugin adds Backups),
# then Admin last
NAV = (("dashboard", N_("Dashboard"), ft.Icons.INSIGHTS, False),
       ("calendar", N_("Calendar"), ft.Icons.CALENDAR_MONTH, False),
       ("clients", N_("Clients"), ft.Icons.PEOPLE, False), ("register", N_("Register"), ft.Icons.POINT_OF_SALE, False))
NAV_LAST = (("admin", N_("Admin"), ft.Icons.ADMIN_PANEL_SETTINGS, True),)
ASSISTANT = ("assistant", N_("Assistant"), ft.Icons.AUTO_AWESOME, False)  # shown only where it can answer


Entry = tuple[str, str, ft.IconData, bool]


def entries(role: str | None, plugin_screens: list, assistant: bool = False) -> list[Entry]:
    """(screen, label, icon, admins only) for the rail: the core entries, the plugins' (from
    GET /api/plugins/screens, already chosen for this role), the Assistant where it can answer, then Admin."""
    added = [(s.nav, s.label, getattr(ft.Icons, s.icon, ft.Icons.EXTENSION), False) for s in plugin_screens]
    helper = (ASSISTANT,) if assistant else ()
    return [item for item in (*NAV, *added, *helper, *NAV_LAST) if role == "admin" or not item[3]]


def plugin_view(shell, name: str):
    """A plugin's screen built by its plugin's builder; None, said as a sentence, if it is gone or fails."""
    found = screens.find(name)
    if found is None or found.spec.build is None:
        shell.notify(_("This screen's plugin is not loaded any more. Ask an admin to look at Plugins on the Admin "
                       "screen."), error=True)
        return None
    try:
        return found.spec.build(shell)
    except Exception as exc:  # a plugin's bug must not take the window down
        log.warning("The screen %s of plugin %s could not be built (%s).", found.spec.key, found.plugin,
                    type(exc).__name__)
        shell.notify(_("This plugin's screen could not be opened. Ask an admin to look at Plugins on the Admin "
                       "screen."), error=True)
        return None
