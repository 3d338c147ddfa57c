"""Declaring an endpoint: its policy, request and response models, in one decorator.

Views stay thin: parse (pydantic) -> one service call -> serialise. The declaration is also what
the OpenAPI document and the authorization-matrix test read, so a route cannot go undeclared."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pydantic
from flask import Blueprint, Response, current_app, g, request
from pydantic import BaseModel, TypeAdapter

from app.contract.register import DayParam
from app.core.i18n import _
from app.domain.bounds import FIRST_DAY, LAST_DAY
from app.domain.errors import AuthError, ForbiddenError, ValidationError

Policy = Literal["public", "user", "admin"]
POLICIES: tuple[Policy, ...] = ("public", "user", "admin")


@dataclass(frozen=True)
class EndpointSpec:
    """What an endpoint declares about itself."""

    method: str
    rule: str
    policy: Policy
    summary: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[Any] | None  # a model, list[Model], or None for 204
    status: int
    media_type: str = "application/json"  # another type (text/csv): the view returns a flask Response
    path: dict | None = None  # path argument name -> its type, for the document (the view checks the value)


def container():
    """The running app's composition root."""
    return current_app.config["CONTAINER"]


def services():
    """The unlocked studio's services (401 if the studio is locked)."""
    return container().services


def current_user():
    """The authenticated user of this request (None on public endpoints)."""
    return g.get("user")


def _authenticate() -> None:
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthError(_("Log in first: send 'Authorization: Bearer <token>' from POST /api/auth/login."))
    user_id, version = current_app.config["TOKENS"].read(token.strip())
    g.user = container().user_for_token(user_id, version)


def _require_declared_role(policy: Policy) -> None:
    # Defence in depth: the service makes the real decision; this stops a staff request to an
    # admin route before its body is even read.
    if policy == "admin" and not g.user.is_admin:
        raise ForbiddenError(_("This is for admins only. Ask an admin to do it."))


def _parse_body(model: type[BaseModel]) -> BaseModel:
    if not request.is_json:
        raise ValidationError(_("Send a JSON object as the request body (Content-Type: application/json)."))
    return model.model_validate_json(request.get_data() or b"null")


def _serialise(result, adapter: TypeAdapter | None, status: int):
    if isinstance(result, Response):  # a file (CSV, PDF) the view built itself: passed through unchanged
        return result
    if adapter is None:
        return "", status
    return current_app.response_class(adapter.dump_json(result, by_alias=True), status=status,
                                      mimetype="application/json")


def endpoint(bp: Blueprint, method: str, rule: str, *, policy: Policy, summary: str,
             body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
             response: type[Any] | None = None, status: int = 200, media_type: str = "application/json",
             path: dict | None = None):
    """Register a view on `bp`; the view gets `body=`/`query=` models and returns what `response` describes
    (or, with another `media_type` and response=None, a flask Response of that type).
    Policy 'user' and 'admin' need a valid token; the services still make the role decision."""
    if policy not in POLICIES:
        raise ValueError(f"Unknown policy {policy!r}; use one of {POLICIES}.")

    # built once: it is costly
    adapter: TypeAdapter[Any] | None = TypeAdapter(response) if response is not None else None

    def decorate(view):
        @functools.wraps(view)
        def handle(**path_args):
            g.user = None
            if policy != "public":
                _authenticate()
                _require_declared_role(policy)
            if body is not None:
                path_args["body"] = _parse_body(body)
            if query is not None:
                path_args["query"] = query.model_validate(request.args.to_dict(), strict=False)
            return _serialise(view(**path_args), adapter, status)

        # the spec rides on the view function, where openapi.py and the authorization matrix read it
        handle.spec = EndpointSpec(method.upper(), rule, policy, summary, body, query,  # type: ignore[attr-defined]
                                   response, status, media_type, path)
        bp.add_url_rule(rule, endpoint=view.__name__, view_func=handle, methods=[method.upper()])
        return handle
    return decorate


_DAY: TypeAdapter[date | str] = TypeAdapter(DayParam)


def day_param(text: str) -> date | str:
    """A day in a route's path ('YYYY-MM-DD' within the bounds, or 'today'); a sentence otherwise."""
    try:
        return _DAY.validate_python(text)
    except pydantic.ValidationError:
        raise ValidationError(_("The day '%(day)s' cannot be used: give it as YYYY-MM-DD between %(first)s and "
                                "%(last)s, or 'today'.", day=text[:40], first=FIRST_DAY, last=LAST_DAY)) from None
