"""GET /api/health: liveness for launchers and tests; no auth, no studio data."""

from __future__ import annotations

from flask import Blueprint
from pydantic import BaseModel

from app import __version__
from app.api.routing import container, endpoint

health = Blueprint("health", __name__, url_prefix="/api")


class Health(BaseModel):
    """Whether the server is up, its version, and whether a studio exists on its stick."""
    status: str
    version: str
    studio: bool


@endpoint(health, "GET", "/health", policy="public", summary="Is the server up, and is there a studio?",
          response=Health)
def get_health():
    """Say the server is up, its version, and whether the stick holds a studio yet."""
    return Health(status="ok", version=__version__, studio=container().paths.keyslots.exists())
