"""Built-in plugin: the ink-lot routes (/api/ink-lots: record a lot, list the lots) come in through register_routes."""

from __future__ import annotations

from typing import Any

from app.api.inks import inks
from app.plugins.hookspecs import hookimpl
from app.plugins.spec import PluginContext, PluginInfo

PLUGIN = PluginInfo(name="inks", version="1", author="built in", title="Ink traceability")


@hookimpl
def register_routes(context: PluginContext) -> list[Any]:
    """The ink blueprint, mounted where it always was (a built-in's routes are not moved under /api/plugins/)."""
    return [inks]
