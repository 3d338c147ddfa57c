"""One module per screen; the shell opens them by name through SCREENS."""

from __future__ import annotations

import importlib

# name -> (module under app.ui.views, class); imported when first opened, so a screen costs nothing until used
SCREENS: dict[str, tuple[str, str]] = {
    "login": ("login", "LoginView"),
    "wizard": ("wizard", "WizardView"),
    "lock": ("lock", "LockView"),
    "calendar": ("calendar", "CalendarView"),
    "clients": ("clients", "ClientsView"),
    "client": ("client_detail", "ClientDetailView"),
    "session": ("session_detail", "SessionDetailView"),
    "register": ("register", "RegisterView"),
    "dashboard": ("dashboard", "DashboardView"),
    "backups": ("backups", "BackupsView"),
    "admin": ("admin", "AdminView"),
}


def screen_class(name: str) -> type:
    """The view class for a screen name."""
    module, cls = SCREENS[name]
    return getattr(importlib.import_module(f"app.ui.views.{module}"), cls)
