# mypy: disable-error-code="empty-body"
"""Every hook a plugin may implement, one typed function each (the Datasette way).

A plugin implements a hook with a module-level function of the same name marked `@hookimpl`; it may take
any subset of the arguments. Hooks that return something are collected into a list, one entry per plugin.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pluggy

from app.plugins.spec import ExportExtras, JobSpec, PaymentMethod, PluginContext, ScreenSpec

PROJECT = "tattoo_stick"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_routes(context: PluginContext) -> list[Any]:
    """Return Flask blueprints mounted under /api/plugins/<name>/; declare every view with app.plugins.api.endpoint."""


@hookspec
def register_screens(context: PluginContext) -> list[ScreenSpec]:
    """Return screens to add to the navigation, each with its label, icon, roles and view builder."""


@hookspec
def register_jobs(context: PluginContext) -> list[JobSpec]:
    """Return background jobs run through the app's job runner, on a schedule or on demand."""


@hookspec
def client_created(context: PluginContext, client_id: str) -> None:
    """Called after a new client was committed."""


@hookspec
def client_anonymised(context: PluginContext, client_id: str) -> None:
    """Called after a client's personal data was erased: erase what the plugin keeps about them too."""


@hookspec
def session_status_changed(context: PluginContext, session_id: str, status: str) -> None:
    """Called after a session's new status was committed (e.g. 'done')."""


@hookspec
def payment_recorded(context: PluginContext, payment_id: str) -> None:
    """Called after a payment (or refund) was committed to the register."""


@hookspec
def day_closed(context: PluginContext, day: date) -> None:
    """Called after a register day was closed."""


@hookspec
def payment_methods(context: PluginContext) -> list[PaymentMethod]:
    """Return extra payment methods the register offers, with their labels."""


@hookspec
def extend_exports(context: PluginContext, start: date, end: date) -> ExportExtras:
    """Return lines for the Z report (start == end) and files for the accountant's ZIP of start..end."""


@hookspec
def startup(context: PluginContext) -> None:
    """Called once the studio is unlocked and the plugin loaded."""


@hookspec
def shutdown(context: PluginContext) -> None:
    """Called before the studio is locked or the app stops."""
