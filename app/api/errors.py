"""The one table that turns domain errors into HTTP answers, each with a sentence."""

from __future__ import annotations

import pydantic
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from app.api.schemas.common import ErrorBody, FieldProblem
from app.container import StudioLockedError
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
            return response, status
    raise exc


def _invalid(exc: pydantic.ValidationError):
    fields = [FieldProblem(field=".".join(str(p) for p in e["loc"]) or "body", message=e["msg"])
              for e in exc.errors()]
    listed = "; ".join(f"{f.field}: {f.message}" for f in fields[:5])
    return error_response(422, "invalid", f"Some fields are not right: {listed}.", fields)


_HTTP_SENTENCES = {
    400: "The request could not be read. Send JSON with the documented fields.",
    404: "There is nothing at this address. Check the URL against /api/openapi.json.",
    405: "This address does not accept that method.",
    413: "The request is too large. Send a smaller body (signatures and photos are limited to 2 MiB).",
    415: "Send the body as JSON (Content-Type: application/json).",
}


def _http(exc: HTTPException):
    response, status = error_response(exc.code or 500, "http",
                                      _HTTP_SENTENCES.get(exc.code, exc.description or exc.name))
    for name, value in exc.get_headers():
        if name.lower() != "content-type":  # keep e.g. Allow on 405, as RFC 9110 asks
            response.headers[name] = value
    return response, status


def register(api: Flask) -> None:
    """Install the handlers on the app."""
    api.register_error_handler(errors.DomainError, _domain)
    api.register_error_handler(pydantic.ValidationError, _invalid)
    api.register_error_handler(HTTPException, _http)
