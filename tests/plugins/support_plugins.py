"""Running the shipped example plugins in tests through real parts: loaded by file path under a private module
name, registered on a real PluginHost, each with its own PluginStore over a real studio, and their blueprints
mounted on a real Flask app from app.api.create_app (P1's loader and mounting replace this in the app)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path
from types import ModuleType

from flask import Flask

from app.api import create_app
from app.container import Container
from app.core import i18n
from app.domain.records import User
from app.plugins.host import PluginHost
from app.plugins.spec import PluginContext
from app.plugins.store import PluginStore

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
_numbers = itertools.count()


def load_plugin(path: Path) -> ModuleType:
    """Import a plugin file by its path under a private module name (nothing added to sys.path)."""
    name = f"tattoo_test_plugins.{path.stem}_{next(_numbers)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pydantic look their module up while the file runs
    spec.loader.exec_module(module)
    return module


class PluginRig:
    """A PluginHost with plugins loaded from plugins/, over the services of an unlocked container."""

    def __init__(self, container: Container, *names: str):
        self.container, self.host, self.modules = container, PluginHost(), {}
        for name in names:
            module = load_plugin(PLUGINS / f"{name}.py")
            self.host.register(module, module.PLUGIN)
            self.modules[module.PLUGIN.name] = module

    def store(self, name: str) -> PluginStore:
        """The plugin's own store (a new handle on the same rows each time)."""
        return PluginStore(self.container._studio.db, name)

    def context(self, name: str, actor: User | None) -> PluginContext:
        """What a hook of plugin `name` gets when `actor` acts."""
        return PluginContext(name, actor, self.container.services, self.store(name), i18n.current())

    def calls(self, hook: str, actor: User | None, **kwargs):
        """The PluginCalls the services get: every working plugin's hook, as `actor`."""
        return self.host.call(hook, lambda name: self.context(name, actor), **kwargs)

    def mounted_api(self, routes: list[tuple[str, list]]) -> Flask:
        """The app's API with the blueprints of `routes` (the (plugin, blueprints) pairs register_routes gave)
        mounted under /api/plugins/<name>/, before its first request."""
        api = create_app(self.container)
        for name, blueprints in routes:
            for blueprint in blueprints:
                api.register_blueprint(blueprint, url_prefix=f"/api/plugins/{name}",
                                       name=f"plugin_{name}_{blueprint.name}")
        return api


PASSWORDS = {"boss": "correct horse", "sam": "staff password", "ink": "artist password"}


def bearer_for(client, username: str) -> dict[str, str]:
    """The Authorization header of a login of one of the rig's users through the test client."""
    answer = client.post("/api/auth/login", json={"username": username, "password": PASSWORDS[username]})
    assert answer.status_code == 200, answer.json
    return {"Authorization": f"Bearer {answer.json['token']}"}
