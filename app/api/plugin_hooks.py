"""/api/plugins/screens and /api/plugins/jobs: the screens a user sees and the jobs an admin may run now, from
every loaded plugin (the built-in ones included). Plugins' own routes live under /api/plugins/<name>/."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import container, current_user, endpoint
from app.contract.plugin_hooks import JobName, PluginJobOut, PluginJobRunOut, PluginName, PluginScreenOut
from app.core.i18n import _
from app.plugins import screens

plugin_hooks = Blueprint("plugin_hooks", __name__, url_prefix="/api/plugins")


@endpoint(plugin_hooks, "GET", "/screens", policy="user", response=list[PluginScreenOut],
          summary="The screens plugins add to the navigation that the caller's role sees, in load order.")
def get_plugin_screens():
    role = current_user().role
    return [PluginScreenOut(plugin=s.plugin, key=s.spec.key, nav=s.nav, label=_(s.spec.label), icon=s.spec.icon)
            for s in screens.visible_to(role)]


@endpoint(plugin_hooks, "GET", "/jobs", policy="admin", response=list[PluginJobOut],
          summary="The jobs the loaded plugins offer, with how often each repeats.")
def get_plugin_jobs():
    return [PluginJobOut(plugin=j.plugin, name=j.spec.name,
                         every_seconds=int(j.spec.every.total_seconds()) if j.spec.every else None)
            for j in container().plugin_jobs.listed(current_user())]


@endpoint(plugin_hooks, "POST", "/jobs/<plugin>/<job>", policy="admin", response=PluginJobRunOut,
          summary="Run a plugin's job now and wait for it (through Prefect when it is up, else directly).",
          path={"plugin": PluginName, "job": JobName})
def run_plugin_job(plugin: str, job: str):
    done = container().plugin_jobs.run(current_user(), plugin, job)
    return PluginJobRunOut(flow=f"plugin-{plugin}-{job}", state=done.state, fallback=done.fallback,
                           counts=done.value)
