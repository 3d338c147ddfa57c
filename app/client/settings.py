"""The Admin settings screen's calls: studio settings, the artists and the audit log (app/api/settings.py)."""

from __future__ import annotations

from app.client.http import ApiSession, Param
from app.client.models import (
    ArtistOut,
    AuditOut,
    SettingsIn,
    SettingsOut,
)


class SettingsCalls:
    """The /api/settings, /api/artists and /api/audit calls, mixed into StudioClient (which owns `session`)."""

    session: ApiSession

    def settings(self) -> SettingsOut:
        """Return the studio's settings."""
        return self.session.call("GET", "/api/settings", SettingsOut)

    def update_settings(self, changes: SettingsIn) -> SettingsOut:
        """Change the settings sent in `changes` (admin only) and return them all."""
        return self.session.call("PATCH", "/api/settings", SettingsOut, json=changes)

    def artists(self) -> list[ArtistOut]:
        """The active artists, for the calendar and booking (any logged-in user)."""
        return self.session.call("GET", "/api/artists", list[ArtistOut])

    def audit(self, **filters: Param) -> list[AuditOut]:
        """Return the audit events matching `filters`, newest first."""
        return self.session.call("GET", "/api/audit", list[AuditOut], params=filters)
