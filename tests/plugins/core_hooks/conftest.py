"""Plugin fixtures: one studio served by the real API, and a fresh PluginHost per test wired into its container
the way the plugin manager wires it (the container's `plugin_calls`)."""

from __future__ import annotations

import pytest

from app.plugins.host import PluginHost
from app.plugins.spec import PluginInfo, no_plugins
from tests.api.support_served_money_studio import served_money_studio
from tests.plugins.core_hooks.support_calls import calls_through


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One studio with an artist and staff, an app over it (clock at the real now), admin and staff logins."""
    yield from served_money_studio(tmp_path_factory.mktemp("plugins"))


@pytest.fixture
def plug(world):
    """A function that loads plugin objects into a fresh host the container calls; returns the host."""
    world["studio"].reset()
    world["clock"].at = world["start"]
    container = world["container"]
    failed = container.plugin_failed
    host = PluginHost()
    container.plugin_calls = calls_through(host, lambda: container.services)
    container.plugin_failed = host.fail  # as the plugin manager wires it

    def load(*plugins: tuple[str, object]) -> PluginHost:
        for name, plugin in plugins:
            host.register(plugin, PluginInfo(name, "1.0"))
        return host

    yield load
    container.plugin_calls = no_plugins
    container.plugin_failed = failed
