"""What the Admin screen lists under Plugins: every file in plugins/ (and every approval whose file is gone),
each with its state this session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core.i18n import _
from app.domain.plugins import PluginApproval
from app.plugins import loader
from app.plugins.manager import Plugins

STATES = ("found", "enabled", "changed", "failed", "refused", "safe_mode", "invalid", "missing")


@dataclass(frozen=True)
class PluginRow:
    """One plugin as an admin sees it; `problem` is a sentence saying what is wrong, if anything."""

    name: str
    file: str
    title: str
    version: str
    author: str
    sha256: str
    hooks: tuple[str, ...]
    state: str  # one of STATES
    problem: str = ""
    approved_sha256: str = ""
    approved_by: str | None = None
    approved_at: datetime | None = None


def rows(plugins: Plugins, approvals: list[PluginApproval]) -> list[PluginRow]:
    """Every plugin file and approval, with its state."""
    by_name = {a.name: a for a in approvals}
    failures = {f.name: f for f in plugins.failures()}
    listed = []
    for found in loader.find(plugins.paths.plugins):
        approval = by_name.pop(found.name, None) if found.info is not None and not found.problem else None
        state, problem = _state(plugins, found, approval, failures)
        info = found.info
        listed.append(PluginRow(
            name=found.name, file=found.path.name, title=(info.title or info.name) if info else found.path.stem,
            version=info.version if info else "", author=info.author if info else "", sha256=found.sha256,
            hooks=found.hooks, state=state, problem=problem,
            approved_sha256=approval.sha256 if approval else "",
            approved_by=approval.approved_by_name if approval else None,
            approved_at=approval.approved_at if approval else None))
    for gone in by_name.values():
        if gone.enabled:
            listed.append(PluginRow(name=gone.name, file="", title=gone.name, version="", author="", sha256="",
                                    hooks=(), state="missing", approved_sha256=gone.sha256,
                                    approved_by=gone.approved_by_name, approved_at=gone.approved_at,
                                    problem=_("Its file is no longer in plugins/; it is not loaded.")))
    return listed


def _state(plugins: Plugins, found: loader.PluginFile, approval: PluginApproval | None,
           failures: dict) -> tuple[str, str]:
    if found.problem or found.info is None:
        return "invalid", found.problem
    if approval is None or not approval.enabled:
        return "found", ""
    if approval.sha256 != found.sha256:
        return "changed", _("The file changed since it was enabled, so it is not loaded: check what changed, then "
                            "enable it again.")
    if loader.too_new(found.info, plugins.app_version):
        return "refused", _("It needs app version %(needed)s or newer; this app is %(have)s.",
                            needed=found.info.min_app_version, have=plugins.app_version)
    if plugins.safe_mode is not None:
        return "safe_mode", _(plugins.safe_mode)
    if found.name in failures:
        failure = failures[found.name]
        return "failed", _("It was switched off for this session after an error in %(where)s: %(error)s",
                           where=failure.where, error=failure.error)
    if found.name in plugins.names():
        return "enabled", ""
    return "failed", _("It is enabled but was not loaded in this session. Restart the app to load it.")
