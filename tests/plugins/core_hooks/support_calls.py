"""The PluginCalls of a test PluginHost, as the plugin manager gives the container its `call`."""

from __future__ import annotations

from app.plugins.host import PluginHost
from app.plugins.spec import PluginContext


def calls_through(host: PluginHost, services):
    """The PluginCalls of `host`: each plugin's hook gets its own context with the acting user."""
    return lambda hook, actor, **kw: host.call(hook, lambda n: PluginContext(n, actor, services(), None), **kw)
