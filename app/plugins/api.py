"""The one module a plugin imports: everything it needs to declare itself, implement hooks and serve routes.

    from app.plugins.api import Blueprint, PluginInfo, endpoint, hookimpl, services, current_user, _

Routes are declared with the same `endpoint` decorator and policies ('public', 'user', 'admin') as the core
routes and answer under /api/plugins/<name>/. Services are reached with the acting user, never the database.
"""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.core.i18n import N_, _, ngettext
from app.domain.errors import (
    AuthError,
    ConflictError,
    DomainError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)
from app.plugins.hookspecs import hookimpl
from app.plugins.spec import (
    ROLES,
    ExportExtras,
    JobSpec,
    PaymentMethod,
    PluginContext,
    PluginInfo,
    ReportLine,
    ScreenSpec,
)

__all__ = ["ROLES", "AuthError", "Blueprint", "ConflictError", "DomainError", "ExportExtras", "ForbiddenError",
           "JobSpec", "N_", "NotFoundError", "PaymentMethod", "PluginContext", "PluginInfo", "ReportLine",
           "ScreenSpec", "ValidationError", "_", "current_user", "endpoint", "hookimpl", "ngettext", "services"]
