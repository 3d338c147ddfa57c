"""The app's own features that use the plugin hooks (as Datasette registers its own facets as plugins): always
loaded, needing no approval, even in safe mode, so the hooks are exercised every day.

`core` (screens and jobs) is held by the container's host; `inks` (the ink-lot routes, at their usual URLs) is
mounted by the API (app.api.plugin_routes), since its blueprint belongs to the HTTP layer."""

from __future__ import annotations

from app.plugins.builtin.core import CORE, CorePlugin
from app.plugins.host import PluginHost

# no plugin file may take these names: the built-ins' and the core's own /api/plugins/<word> routes
BUILTIN_NAMES = (CORE.name, "inks")
RESERVED_NAMES = (*BUILTIN_NAMES, "jobs", "screens")


def builtin_host() -> PluginHost:
    """A host holding the built-in plugins the services and jobs call."""
    host = PluginHost()
    host.register(CorePlugin(), CORE)
    return host
