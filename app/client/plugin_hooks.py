"""What the shell asks about the plugins' additions: the screens this user sees, the jobs an admin may run
(app/api/plugin_hooks.py)."""

from __future__ import annotations

from app.client.http import ApiSession
from app.contract.plugin_hooks import PluginJobOut, PluginJobRunOut, PluginScreenOut


class PluginHooksApi:
    """The /api/plugins/screens and /api/plugins/jobs calls."""

    def __init__(self, session: ApiSession):
        self._s = session

    def screens(self) -> list[PluginScreenOut]:
        """The navigation entries plugins add that this user's role sees, in load order."""
        return self._s.call("GET", "/api/plugins/screens", list[PluginScreenOut])

    def jobs(self) -> list[PluginJobOut]:
        """The jobs the loaded plugins offer (admins only)."""
        return self._s.call("GET", "/api/plugins/jobs", list[PluginJobOut])

    def run_job(self, plugin: str, job: str) -> PluginJobRunOut:
        """Run a plugin's job now and wait for it (admins only)."""
        return self._s.call("POST", f"/api/plugins/jobs/{plugin}/{job}", PluginJobRunOut)
