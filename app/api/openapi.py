"""GET /api/openapi.json: the OpenAPI 3.1 document, generated from the endpoint declarations."""

from __future__ import annotations

import re

from flask import Blueprint, current_app
from pydantic import TypeAdapter

from app import __version__
from app.api.routing import endpoint
from app.contract.common import ErrorBody

openapi = Blueprint("openapi", __name__, url_prefix="/api")
REF = "#/components/schemas/{model}"
_ERRORS = {"400": "Bad request", "401": "Not logged in", "403": "Not allowed for this role",
           "404": "Not found", "409": "Conflict", "413": "Body too large", "422": "Invalid input",
           "429": "Too many wrong passwords"}


def _schema(annotation, components: dict) -> dict:
    schema = TypeAdapter(annotation).json_schema(ref_template=REF, mode="serialization")
    components.update(schema.pop("$defs", {}))
    return schema


def _request_schema(model, components: dict) -> dict:
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": REF.format(model=model.__name__)}


def _parameters(rule, spec, components: dict) -> list[dict]:
    declared = spec.path or {}
    params = [{"name": name, "in": "path", "required": True,
               "schema": _schema(declared[name], components) if name in declared else {"type": "string"}}
              for name in sorted(rule.arguments)]
    if spec.query is not None:
        schema = spec.query.model_json_schema(ref_template=REF)
        required = set(schema.get("required", []))
        params += [{"name": name, "in": "query", "required": name in required, "schema": prop}
                   for name, prop in schema.get("properties", {}).items()]
    return params


def _apps(api):
    """The core app, then each loaded plugin's (app.api.plugin_routes), with the operationId prefix of each."""
    yield "", api
    plugins = getattr(api.wsgi_app, "apps", None)
    for name, app in (plugins() if plugins is not None else {}).items():
        yield f"plugin_{name}_", app


def build_document(api) -> dict:
    """Walk the app's routes, and those of the plugins loaded now, and describe every declared endpoint."""
    components: dict = {}
    error_ref = _schema(ErrorBody, components)
    paths: dict = {}
    routes = [(prefix, app, rule) for prefix, app in _apps(api) for rule in app.url_map.iter_rules()]
    for prefix, app, rule in routes:
        spec = getattr(app.view_functions[rule.endpoint], "spec", None)
        if spec is None:
            continue
        op: dict = {"summary": spec.summary, "operationId": prefix + rule.endpoint.replace(".", "_"),
                    "parameters": _parameters(rule, spec, components), "responses": {}}
        if spec.policy != "public":
            op["security"] = [{"bearer": []}]
            op["x-policy"] = spec.policy
        if spec.body is not None:
            op["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": _request_schema(spec.body, components)}}}
        ok: dict[str, object] = {"description": "OK"}
        if spec.response is not None:
            ok["content"] = {"application/json": {"schema": _schema(spec.response, components)}}
        elif spec.media_type != "application/json":  # a file: described by its type, as text
            ok["content"] = {spec.media_type: {"schema": {"type": "string"}}}
        op["responses"][str(spec.status)] = ok
        for code, text in _ERRORS.items():
            op["responses"][code] = {"description": text, "content": {"application/json": {"schema": error_ref}}}
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        paths.setdefault(path, {})[spec.method.lower()] = op
    return {"openapi": "3.1.0", "info": {"title": "Tattoo studio on a stick", "version": __version__},
            "paths": paths, "components": {"schemas": components, "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}}}


@endpoint(openapi, "GET", "/openapi.json", policy="public", summary="This API's OpenAPI document.",
          response=dict)
def get_openapi():
    """Describe the API (it holds no studio data)."""
    return build_document(current_app)
