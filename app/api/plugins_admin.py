"""/api/admin/plugins (admin): list the stick's plugin files with their state, enable one by the hash the admin saw,
disable one. Enabling loads it at once (unless in safe mode); disabling takes it out."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import container, current_user, endpoint, services
from app.contract.plugins import PluginEnableIn, PluginOut, PluginsOut
from app.core.i18n import _
from app.plugins.listing import rows

plugins_admin = Blueprint("plugins_admin", __name__, url_prefix="/api/admin/plugins")
NAME = {"name": str}


def _listing() -> PluginsOut:
    plugins = container().plugins
    listed = rows(plugins, services().plugins.approvals(current_user()))
    reason = _(plugins.safe_mode) if plugins.safe_mode else ""
    return PluginsOut(safe_mode=plugins.safe_mode is not None, safe_mode_reason=reason,
                      plugins=[PluginOut.model_validate(row) for row in listed])


@endpoint(plugins_admin, "GET", "", policy="admin", summary="The plugin files on the stick and their state.",
          response=PluginsOut)
def list_plugins():
    return _listing()


@endpoint(plugins_admin, "POST", "/<name>/enable", policy="admin", body=PluginEnableIn, response=PluginsOut,
          summary="Enable a plugin file, pinned to the SHA-256 the admin was shown; it loads at once.", path=NAME)
def enable_plugin(name: str, body: PluginEnableIn):
    approval = services().plugins.enable(current_user(), name, body.sha256)
    container().plugins.enable(name, approval.sha256)
    container().publish_screens(current_user())  # its screens (if any) join the navigation
    return _listing()


@endpoint(plugins_admin, "POST", "/<name>/disable", policy="admin", response=PluginsOut,
          summary="Disable a plugin; it is taken out at once.", path=NAME)
def disable_plugin(name: str):
    services().plugins.disable(current_user(), name)
    container().plugins.disable(name)
    container().publish_screens(current_user())
    return _listing()
