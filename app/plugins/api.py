"""What a plugin file imports from the app, in one place (the bundle ships it even if the core never imports it).

A plugin imports from here and from the standard library and the app's dependencies, nothing else of the app:
`from app.plugins.api import hookimpl, PluginInfo, endpoint, services, current_user, _`."""

from __future__ import annotations

from app.api.routing import current_user, endpoint, services
from app.core.i18n import N_, _, ngettext, speaking
from app.domain import errors
from app.domain.errors import ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError
from app.domain.money import money
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
from app.reports import pdf_formats, pdf_layout  # a plugin's PDFs in the app's fonts, every script printed

__all__ = ["N_", "ROLES", "ConflictError", "DomainError", "ExportExtras", "ForbiddenError", "JobSpec",
           "NotFoundError", "PaymentMethod", "PluginContext", "PluginInfo", "ReportLine", "ScreenSpec",
           "ValidationError", "_", "current_user", "endpoint", "errors", "hookimpl", "money", "ngettext", "pdf_formats",
           "pdf_layout", "services", "speaking"]
