"""What the studio remembers about a plugin file an admin approved (the rules live in app.services.plugins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PluginApproval:
    """An admin's approval of a plugin: the exact file (its SHA-256), who approved it and when, and whether it is
    switched on (a disabled plugin keeps its row so the trail of who approved what stays readable)."""

    name: str
    sha256: str
    approved_by: str | None
    approved_by_name: str | None
    approved_at: datetime
    enabled: bool
