"""The embedded HTTP API: a Flask app factory, one blueprint per area."""

from __future__ import annotations

from flask import Flask

from app.api.health import health
from app.core.paths import StickPaths

MAX_BODY_BYTES = 2 * 1024 * 1024  # signatures and photos are small; refuse anything larger


def create_app(paths: StickPaths, test_config: dict | None = None) -> Flask:
    """Build the API for the studio on `paths`."""
    api = Flask(__name__)
    api.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, STICK_PATHS=paths)
    if test_config:
        api.config.update(test_config)
    api.register_blueprint(health)
    return api
