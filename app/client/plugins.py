"""The Admin screen's plugin calls (app/api/plugins_admin.py)."""

from __future__ import annotations

from urllib.parse import quote

from app.client.http import ApiSession
from app.client.models import PluginEnableIn, PluginsOut


class PluginsApi:
    """List the stick's plugin files, enable one by the hash shown, disable one (admin only)."""

    def __init__(self, session: ApiSession):
        self.session = session

    def plugins(self) -> PluginsOut:
        """Every plugin file with its state, and whether this start is in safe mode."""
        return self.session.call("GET", "/api/admin/plugins", PluginsOut)

    def enable(self, name: str, sha256: str) -> PluginsOut:
        """Enable `name` pinned to the `sha256` the admin was shown; the list as it is afterwards."""
        return self.session.call("POST", f"/api/admin/plugins/{quote(name, safe='')}/enable", PluginsOut,
                                 json=PluginEnableIn(sha256=sha256))

    def disable(self, name: str) -> PluginsOut:
        """Disable `name`; the list as it is afterwards."""
        return self.session.call("POST", f"/api/admin/plugins/{quote(name, safe='')}/disable", PluginsOut)
