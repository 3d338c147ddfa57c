"""Plugin fixtures: one studio served by the real API, and a fresh PluginHost per test wired into its container
the way the plugin manager wires it (the container's `plugin_calls`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.api import create_app
from app.container import Container
from app.core.clock import FixedClock
from app.plugins.host import PluginHost
from app.plugins.spec import PluginInfo, no_plugins
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.plugins.core_hooks.support_calls import calls_through
from tests.services.support_money_studio import STAFF_PASSWORD, create_money_studio
from tools.stick_process import bearer


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One studio with an artist and staff, an app over it (clock at the real now), admin and staff logins."""
    studio = create_money_studio(tmp_path_factory.mktemp("plugins"))
    clock = FixedClock(datetime.now(UTC))
    container = Container(studio.paths, clock)
    client = create_app(container).test_client()
    world = {"studio": studio, "clock": clock, "client": client, "container": container, "start": clock.at,
             "admin": bearer(client, ADMIN, ADMIN_PASSWORD),
             "staff": bearer(client, studio.staff.username, STAFF_PASSWORD)}
    yield world
    container.close()
    studio.opened.close()


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
