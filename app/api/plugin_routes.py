"""Plugins' routes: each loaded plugin's `register_routes` blueprints live in a small Flask app of their own, set up
like the core's (same configuration, host check, language, tokens and error table), and `/api/plugins/<name>/...`
is handed to it. Plugins load at unlock, long after the core app exists, so nothing is added to the core app late.

Every plugin view must be declared with app.plugins.api.endpoint (a policy, like every core route); a plugin
with an undeclared route is switched off. The built-in plugins' routes are registered on the core app instead."""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Flask

from app.core.i18n import _
from app.plugins.builtin import inks
from app.plugins.host import PluginHost
from app.plugins.spec import PluginContext

PREFIX = "/api/plugins/"
BUILTINS = (inks,)  # the built-in plugins whose routes belong to the HTTP layer (names in BUILTIN_NAMES)


def builtin_blueprints() -> list[Blueprint]:
    """The blueprints of the built-in plugins, through the same hook a plugin file implements."""
    host = PluginHost()
    for module in BUILTINS:
        host.register(module, module.PLUGIN)
    found = host.call("register_routes", lambda name: PluginContext(name=name, actor=None, services=None, store=None))
    if host.failures():  # a built-in is part of the app: its failure is the app's bug, not a plugin to switch off
        raise RuntimeError(repr(host.failures()[0]))
    return [blueprint for _name, blueprints in found for blueprint in blueprints]


class PluginRoutes:
    """WSGI middleware in front of the core app: a request under /api/plugins/<name>/ for a loaded plugin goes to
    that plugin's app; anything else (an unknown or switched-off plugin included) to the core app, which answers
    an unknown plugin with a 404 and a sentence."""

    def __init__(self, core: Flask, wsgi: Any, test_config: dict | None = None):
        self.core, self.wsgi, self.test_config = core, wsgi, test_config
        self._apps: dict[str, Flask | None] = {}
        self._generation = -1
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Any) -> Any:
        """Answer one WSGI request: a loaded plugin's own path through its app, the rest through the core."""
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            app = self.app_for(path[len(PREFIX):].split("/", 1)[0])
            if app is not None:
                return app.wsgi_app(environ, start_response)
        return self.wsgi(environ, start_response)

    def apps(self) -> dict[str, Flask]:
        """The Flask app of every loaded plugin that has routes (built on first use, rebuilt after a change)."""
        plugins = self.core.config["CONTAINER"].plugins
        return {name: app for name in plugins.names() if (app := self.app_for(name)) is not None}

    def app_for(self, name: str) -> Flask | None:
        """The app answering /api/plugins/<name>/, or None when no working plugin of that name has routes."""
        plugins = self.core.config["CONTAINER"].plugins
        if name not in plugins.names():
            return None
        with self._lock:
            if plugins.generation != self._generation:
                self._apps, self._generation = {}, plugins.generation
            if name not in self._apps:
                self._apps[name] = self._build(plugins, name)
            return self._apps[name] if name in plugins.names() else None

    def _build(self, plugins: Any, name: str) -> Flask | None:
        from app.api import configure  # the package imports this module

        blueprints = plugins.call_one(name, "register_routes", None)
        if not blueprints:
            return None
        app = configure(Flask(f"tattoo_stick_plugin_{name}", static_folder=None), self.core.config["CONTAINER"],
                        self.core.config["TOKENS"], self.test_config)
        try:
            for blueprint in blueprints:
                if not isinstance(blueprint, Blueprint):
                    raise TypeError(_("register_routes must return Flask blueprints."))
                app.register_blueprint(blueprint, url_prefix=f"{PREFIX}{name}{blueprint.url_prefix or ''}")
        except Exception as exc:  # a plugin's broken routes cost only that plugin
            plugins.fail(name, "register_routes", exc)
            return None
        undeclared = [rule.rule for rule in app.url_map.iter_rules()
                      if rule.endpoint != "static" and not hasattr(app.view_functions[rule.endpoint], "spec")]
        if undeclared:
            plugins.fail(name, "register_routes", _(
                "Its routes %(rules)s are not declared with endpoint(...) and a policy, so none of its routes is "
                "served.", rules=", ".join(undeclared[:5])))
            return None
        return app

