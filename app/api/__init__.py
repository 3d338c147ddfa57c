"""The embedded HTTP API: a Flask app factory, one blueprint per area."""

from __future__ import annotations

from flask import Flask, current_app, g, request

from app.api import errors
from app.api.assistant import assistant
from app.api.auth import auth
from app.api.backups import backups
from app.api.clients import clients
from app.api.consents import consents
from app.api.health import health
from app.api.intake import intake
from app.api.intake_listener.manager import IntakeListener
from app.api.openapi import openapi
from app.api.payments import payments
from app.api.plugin_hooks import plugin_hooks
from app.api.plugin_routes import PluginRoutes, builtin_blueprints
from app.api.plugins_admin import plugins_admin
from app.api.register import register
from app.api.reports import reports
from app.api.sessions import sessions
from app.api.settings import settings
from app.api.studio import studio
from app.api.sync import sync
from app.api.tokens import TokenIssuer
from app.api.users import artists, users
from app.container import Container
from app.core import i18n
from app.core.i18n import _
from app.core.log import install_scrubbing
from app.domain.errors import DomainError

MAX_BODY_BYTES = 2 * 1024 * 1024  # signatures and photos are small; refuse anything larger
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
# the inks' routes come from a built-in plugin (app/plugins/builtin/inks.py), through register_routes
BLUEPRINTS = (health, openapi, studio, auth, users, artists, settings, payments, register, clients, consents,
              sessions, backups, reports, plugin_hooks, plugins_admin, intake, assistant,
              sync)


class BadHostError(DomainError):
    """A request named a host this loopback server does not serve (DNS rebinding guard)."""


def _check_host() -> None:
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    if host.lower() not in LOCAL_HOSTS:
        raise BadHostError(_("This server only answers requests addressed to 127.0.0.1 or localhost, not "
                             "'%(host)s'.", host=host))


def _private(response):
    # Answers carry clients' names, health data and money: no browser or proxy may keep them or guess their type.
    if request.path.startswith("/api"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _speak_the_callers_language():
    # Sentences in answers (errors above all) come out in the language the client asks for.
    g.language_token = i18n.enter(request.headers.get("Accept-Language"))


def _stop_speaking(_error):
    if (token := g.pop("language_token", None)) is not None:
        i18n.leave(token)


def _started_fine(response):
    # The first signed-in request answered after an unlock means this start got going (app.plugins.safe_mode).
    if response.status_code < 500 and g.get("user") is not None:
        current_app.config["CONTAINER"].plugins.started_fine()
    return response


def configure(api: Flask, container: Container, tokens: TokenIssuer, test_config: dict | None = None) -> Flask:
    """What every Flask app of the API shares, the core's and each plugin's: configuration, the caller's language,
    the host check, private answers and the error table; then return `api`."""
    api.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, CONTAINER=container, TOKENS=tokens, JSON_SORT_KEYS=False)
    if test_config:
        api.config.update(test_config)
    api.before_request(_speak_the_callers_language)  # first: every refusal below comes in the caller's language
    api.before_request(_check_host)
    api.teardown_request(_stop_speaking)
    api.after_request(_private)
    api.after_request(_started_fine)
    errors.register(api)
    return api


def create_app(container: Container, test_config: dict | None = None) -> Flask:
    """Build the API for the studio the container holds; /api/plugins/<name>/ goes to that plugin's own app."""
    install_scrubbing()  # no exception text (a database error's values) may reach a log or the console
    api = configure(Flask(__name__), container, TokenIssuer(), test_config)
    # phones register through a listener of its own, never through this API
    api.config.setdefault("INTAKE", IntakeListener(lambda: container.services.intake_codes,
                                                   lambda: container.services.pending))
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    for blueprint in builtin_blueprints():
        api.register_blueprint(blueprint)  # a built-in's routes keep their usual place
    api.wsgi_app = PluginRoutes(api, api.wsgi_app, test_config)  # type: ignore[method-assign]
    return api
