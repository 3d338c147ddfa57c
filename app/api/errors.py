"""The one table that turns domain errors into HTTP answers, each with a sentence."""

from __future__ import annotations

import logging

import pydantic
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from app.container import StudioLockedError
from app.contract.common import ErrorBody, FieldProblem
from app.core.disk import stick_problem
from app.core.i18n import N_, _
from app.domain import errors

# Most specific first: the first class an error is an instance of decides.
STATUS: tuple[tuple[type[errors.DomainError], int, str], ...] = (
    (errors.ThrottledError, 429, "throttled"),
    (StudioLockedError, 401, "locked"),
    (errors.AuthError, 401, "unauthenticated"),
    (errors.ForbiddenError, 403, "forbidden"),
    (errors.NotFoundError, 404, "not_found"),
    (errors.ConflictError, 409, "conflict"),
    (errors.ValidationError, 422, "invalid"),
    (errors.RestoreRunningError, 503, "restoring"),
    # --- the stick itself (issue 11 item 8) ---
    (errors.StickFullError, 503, "stick_full"),
    (errors.StickReadOnlyError, 503, "read_only"),
    # ---
    (errors.StorageError, 503, "storage"),
    (errors.BusyError, 503, "busy"),
    (errors.DomainError, 400, "refused"),  # e.g. a request for another host
)


def error_response(status: int, kind: str, message: str, fields: list[FieldProblem] | None = None):
    """Build the JSON error answer."""
    body = ErrorBody(error=kind, message=message, fields=fields or [])
    return jsonify(body.model_dump()), status


def _domain(exc: errors.DomainError):
    for cls, status, kind in STATUS:
        if isinstance(exc, cls):
            response, status = error_response(status, kind, str(exc))
            if isinstance(exc, errors.ThrottledError | errors.BusyError):
                response.headers["Retry-After"] = str(max(1, round(exc.retry_after)))
            if isinstance(exc, errors.RestoreRunningError):
                response.headers["Retry-After"] = "5"
            return response, status
    raise exc


def _invalid(exc: pydantic.ValidationError):
    fields = [FieldProblem(field=".".join(str(p) for p in e["loc"]) or "body", message=e["msg"])
              for e in exc.errors()]
    listed = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
    return error_response(422, "invalid", _("Some fields are not right: %(fields)s.", fields=listed), fields)


_HTTP_SENTENCES = {
    400: N_("The request could not be read. Send JSON with the documented fields."),
    404: N_("There is nothing at this address. Check the URL against /api/openapi.json."),
    405: N_("This address does not accept that method."),
    413: N_("The request is too large. Send a smaller body (signatures and photos are limited to 2 MiB)."),
    415: N_("Send the body as JSON (Content-Type: application/json)."),
}


def _http(exc: HTTPException):
    sentence = _(_HTTP_SENTENCES[exc.code]) if exc.code in _HTTP_SENTENCES else exc.description or exc.name
    if exc.code == 404 and request.path.startswith("/api/plugins/"):  # the plugin apps answer their own paths
        sentence = _("No plugin called '%(name)s' is enabled and working here. An admin enables plugins on the "
                     "Admin screen, under Plugins.", name=request.path.split("/")[3][:40])
    response, status = error_response(exc.code or 500, "http", sentence)
    for name, value in exc.get_headers():
        if name.lower() != "content-type":  # keep e.g. Allow on 405, as RFC 9110 asks
            response.headers[name] = value
    return response, status


# --- anything else: a full or read-only stick in words, the rest a 500 whose text names no data ---
log = logging.getLogger(__name__)
UNEXPECTED = N_("Something went wrong on the studio's side and nothing was saved by this request. Try again; "
                "if it keeps happening, the log on the stick (data/logs/app.log) says where, without any "
                "client data.")


def _unexpected(exc: Exception):
    if isinstance(exc, HTTPException):  # Flask routes these here when no more specific handler matched
        return _http(exc)
    problem = stick_problem(exc)
    if problem is not None:
        log.warning("A write was refused: %s.", type(problem).__name__)
        return _domain(problem)
    log.error("Unexpected error on %s %s.", request.method, request.path, exc_info=exc)  # scrubbed by app.core.log
    return error_response(500, "internal", _(UNEXPECTED))


def register(api: Flask) -> None:
    """Install the handlers on the app."""
    api.register_error_handler(Exception, _unexpected)
    api.register_error_handler(errors.DomainError, _domain)
    api.register_error_handler(pydantic.ValidationError, _invalid)
    api.register_error_handler(HTTPException, _http)
