"""Typed HTTP client for the embedded API: the only way the UI (and scripts) reach the studio."""

from app.client.studio import StudioClient

__all__ = ["StudioClient"]
