"""One module or sub-package per screen (its parts beside it); the shell opens them by name through SCREENS.

A screen never imports another screen: what several share lives in app.ui.components, and a screen opens
another through shell.navigate(name).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import flet as ft

# name -> (module under app.ui.views, class); imported when first opened, so a screen costs nothing until used
SCREENS: dict[str, tuple[str, str]] = {
    "login": ("login", "LoginView"),
    "wizard": ("wizard", "WizardView"),
    "lock": ("lock", "LockView"),
    "calendar": ("calendar.view", "CalendarView"),
    "clients": ("clients.view", "ClientsView"),
    "client": ("clients.detail", "ClientDetailView"),
    "session": ("session.view", "SessionDetailView"),
    "register": ("register.view", "RegisterView"),
    "dashboard": ("dashboard.view", "DashboardView"),
    "backups": ("backups.view", "BackupsView"),
    "admin": ("admin.view", "AdminView"),
    "intake": ("intake", "IntakeView"),
    "assistant": ("assistant.view", "AssistantView"),
    "sync_conflicts": ("sync_conflicts", "SyncConflictsView"),
}


class Screen(Protocol):
    """What the shell needs of a screen: its controls, built when it is opened."""

    def build(self) -> ft.Control:
        """Load what the screen shows and return its controls."""
        ...


def screen_class(name: str) -> Callable[..., Screen]:
    """The view class for a screen name."""
    module, cls = SCREENS[name]
    found: Callable[..., Screen] = getattr(importlib.import_module(f"app.ui.views.{module}"), cls)
    return found
