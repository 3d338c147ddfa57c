"""GET /api/health: liveness for launchers and tests; no auth, no studio data."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from app import __version__

health = Blueprint("health", __name__, url_prefix="/api")


@health.get("/health")
def get_health():
    """Say the server is up, its version, and whether the stick holds a studio yet."""
    paths = current_app.config["STICK_PATHS"]
    return jsonify(status="ok", version=__version__, studio=paths.keyslots.exists())
