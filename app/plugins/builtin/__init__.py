"""The app's own features that use the plugin hooks (as Datasette registers its own facets as plugins): always
loaded, needing no approval, even in safe mode, so the hooks are exercised every day."""

from __future__ import annotations

from app.plugins.builtin.core import CORE, CorePlugin
from app.plugins.host import PluginHost

BUILTIN_NAMES = (CORE.name,)  # no plugin file may take these names


def builtin_host() -> PluginHost:
    """A host holding the built-in plugins."""
    host = PluginHost()
    host.register(CorePlugin(), CORE)
    return host
