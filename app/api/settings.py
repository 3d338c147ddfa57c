"""/api/settings (read: anyone signed in; change: admin) and /api/audit (admin)."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.contract.settings import AuditOut, AuditQuery, SettingsIn, SettingsOut

settings = Blueprint("settings", __name__, url_prefix="/api")


@endpoint(settings, "GET", "/settings", policy="user", summary="The studio's settings.", response=SettingsOut)
def get_settings():
    return SettingsOut.model_validate(services().settings.get(current_user()))


@endpoint(settings, "PATCH", "/settings", policy="admin", summary="Change some settings.", body=SettingsIn,
          response=SettingsOut)
def update_settings(body: SettingsIn):
    changed = services().settings.update(current_user(), **body.model_dump(exclude_unset=True, exclude_none=True))
    return SettingsOut.model_validate(changed)


@endpoint(settings, "GET", "/audit", policy="admin", summary="The audit trail, newest first.", query=AuditQuery,
          response=list[AuditOut])
def list_audit(query: AuditQuery):
    rows = services().audit.recent(current_user(), since=query.since, until=query.until, entity=query.entity,
                                   limit=query.limit)
    return [AuditOut.model_validate(row) for row in rows]
