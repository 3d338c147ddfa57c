"""Every number and date the API takes, walked to its extremes on a real served studio: nothing answers 5xx,
and a value out of range is a 4xx with a sentence. The fields are read from /api/openapi.json, so a new
field is walked as soon as it is declared (and must declare its bounds)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest

from app.api.serving import serving
from app.core.paths import resolve
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService
from tools.stick_process import bearer

ADMIN, PASSWORD = "edge-admin", "edge password"
SKIPPED = {"/api/auth/logout", "/api/auth/password", "/api/users/{user_id}/password"}  # they end the login
HUGE = 2**63
FAR_DAYS = ("0001-01-01", "9999-12-31")
REF = "#/components/schemas/"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """(base url, admin headers, the OpenAPI document) of a real waitress server over a fresh studio."""
    paths = resolve(home=tmp_path_factory.mktemp("edge-stick")).ensure()
    opened, _ = StudioService(paths).create(StudioSettings("Edge Ink", "EUR", "Europe/Madrid"), ADMIN, PASSWORD)
    opened.close()
    with serving(paths) as served:
        yield served.url, bearer(served.url, ADMIN, PASSWORD), call(served.url, "GET", "/api/openapi.json")[1]


def call(base: str, method: str, path: str, *, query: dict | None = None, body: dict | None = None,
         headers: dict | None = None) -> tuple[int, dict | None]:
    """One real HTTP request; returns (status, JSON body or None)."""
    url = base + urllib.parse.quote(path, safe="/{}") + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        **(headers or {}), **({"Content-Type": "application/json"} if data is not None else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw, kind = response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        status, raw, kind = error.code, error.read(), error.headers.get_content_type()
    return status, (json.loads(raw) if kind == "application/json" and raw else None)


def _resolve(schema: dict, doc: dict) -> dict:
    if "$ref" in schema:
        return doc["components"]["schemas"][schema["$ref"].removeprefix(REF)]
    return schema


def _plain(schema: dict, doc: dict) -> dict:
    """The non-null member of an optional field's schema."""
    schema = _resolve(schema, doc)
    members = [m for m in schema.get("anyOf", []) if m.get("type") != "null"]
    if len(members) == 1:
        return _plain(members[0], doc)
    dated = [m for m in members if m.get("format") in ("date", "date-time")]
    return dated[0] if dated else schema


def _kind(schema: dict) -> str | None:
    if schema.get("type") == "integer":
        return "integer"
    return {"date": "date", "date-time": "date-time"}.get(schema.get("format"))


def _ordinary(schema: dict, doc: dict, name: str):
    """A value of the right shape for a field that is not the one being walked."""
    schema = _plain(schema, doc)
    kind = _kind(schema)
    if kind == "integer":
        return max(schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1), min(schema.get("maximum", 60), 60))
    if kind == "date":
        return "2026-03-14"
    if kind == "date-time":
        return "2026-03-14T11:00:00+01:00"
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "boolean":
        return False
    if "password" in name:
        return "a long enough password"
    if schema.get("pattern"):
        return "edge-name"
    return "x" * max(1, schema.get("minLength", 1))


def _day(text: str, days: int) -> str:
    return (date.fromisoformat(text) + timedelta(days=days)).isoformat()


def _low(schema: dict) -> int:
    return schema["minimum"] if "minimum" in schema else schema["exclusiveMinimum"] + 1


def _extremes(schema: dict) -> list[tuple[object, bool]]:
    """(value, in range) pairs at and beyond the field's declared bounds."""
    kind = _kind(schema)
    if kind == "integer":
        low, high = _low(schema), schema["maximum"]
        return [(low, True), (high, True), (low - 1, False), (high + 1, False), (HUGE, False), (-HUGE, False)]
    low, high = schema["formatMinimum"][:10], schema["formatMaximum"][:10]
    values = [(low, True), (high, True), (_day(low, -1), False), (_day(high, 1), False)]
    values += [(far, False) for far in FAR_DAYS]
    if kind == "date-time":
        values = [(f"{d}T12:00:00+00:00", ok) for d, ok in values]
    return values


def _fields(doc: dict):
    """(operation, where, name, schema) for every integer or date the API takes, in bodies, queries and paths."""
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            if path in SKIPPED:
                continue
            for param in op["parameters"]:
                if _kind(_plain(param["schema"], doc)):
                    yield (method, path, op), param["in"], param["name"], _plain(param["schema"], doc)
                elif param["in"] == "path" and "anyOf" in param["schema"]:  # 'today' or a date
                    yield (method, path, op), "path", param["name"], _plain(param["schema"], doc)
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            for name, prop in (_resolve(body, doc).get("properties", {}) if body else {}).items():
                if _kind(_plain(prop, doc)):
                    yield (method, path, op), "body", name, _plain(prop, doc)


def _request(doc: dict, op: dict, path: str, where: str, name: str, value) -> dict:
    """The request with every required part filled in ordinarily and `name` set to `value`."""
    body_schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    body = None
    if body_schema:
        model = _resolve(body_schema, doc)
        body = {k: _ordinary(p, doc, k) for k, p in model["properties"].items() if k in model.get("required", [])}
    query = {p["name"]: _ordinary(p["schema"], doc, p["name"]) for p in op["parameters"]
             if p["in"] == "query" and p["required"]}
    filled = {p["name"]: _ordinary(p["schema"], doc, p["name"]) for p in op["parameters"] if p["in"] == "path"}
    if where == "body":
        body[name] = value
    elif where == "query":
        query[name] = value
    else:
        filled[name] = value
    return {"path": path.format(**{k: str(v) for k, v in filled.items()}), "query": query, "body": body}


def test_every_integer_and_date_the_api_takes_declares_both_bounds(live):
    doc = live[2]
    missing = []
    for (method, path, _), where, name, schema in _fields(doc):
        if _kind(schema) == "integer":
            bounded = ("minimum" in schema or "exclusiveMinimum" in schema) and "maximum" in schema
        else:
            bounded = "formatMinimum" in schema and "formatMaximum" in schema
        if not bounded:
            missing.append(f"{method.upper()} {path} {where} {name}")
    assert missing == []
    assert len(list(_fields(doc))) >= 25  # the walk really sees the API's numbers and dates


def test_every_number_and_date_at_and_past_its_bounds_is_never_a_server_error(live):
    base, headers, doc = live
    problems, walked = [], 0
    for (method, path, op), where, name, schema in _fields(doc):
        for value, in_range in _extremes(schema):
            request = _request(doc, op, path, where, name, value)
            status, answer = call(base, method.upper(), request["path"], query=request["query"],
                                  body=request["body"], headers=headers)
            walked += 1
            where_what = f"{method.upper()} {path} {where}.{name}={value!r} -> {status}"
            if status >= 500:
                problems.append(where_what + f" {answer}")
            elif not in_range and not (400 <= status < 500 and _is_sentence(answer)):
                problems.append(where_what + f" (out of range must be a 4xx with a sentence) {answer}")
    assert problems == [], "\n".join(problems)
    assert walked >= 150


def _is_sentence(answer: dict | None) -> bool:
    message = (answer or {}).get("message", "")
    return len(message) > 10 and message[0].isupper() and message.rstrip().endswith((".", "!", "?"))


def test_the_reported_server_errors_are_now_sentences(live):
    base, headers, _ = live
    call(base, "PATCH", "/api/settings", body={"minimum_age": 18, "buffer_minutes": 0}, headers=headers)  # walked
    status, me = call(base, "GET", "/api/auth/me", headers=headers)
    call(base, "PATCH", f"/api/users/{me['id']}", body={"is_artist": True}, headers=headers)
    _, client = call(base, "POST", "/api/clients", headers=headers,
                     body={"first_name": "Ada", "last_name": "Edge", "birth_date": "1990-01-01"})
    booking = {"client_id": client["id"], "artist_id": me["id"], "starts_at": "2026-05-04T11:00:00+02:00",
               "duration_min": 60}
    answers = {
        "book quote 2^63": call(base, "POST", "/api/sessions", body={**booking, "quote_minor": HUGE}, headers=headers),
        "book deposit 2^63": call(base, "POST", "/api/sessions", headers=headers,
                                  body={**booking, "starts_at": "2026-05-05T11:00:00+02:00",
                                        "deposit_required_minor": HUGE}),
        "consents 0001..9999": call(base, "GET", "/api/consents", query={"from": "0001-01-01", "to": "9999-12-31"},
                                    headers=headers),
        "audit since 0001": call(base, "GET", "/api/audit", query={"since": "0001-01-01T00:00:00+00:00"},
                                 headers=headers),
        "audit until 9999": call(base, "GET", "/api/audit", query={"until": "9999-12-31T23:59:59+00:00"},
                                 headers=headers),
        "restore 300 chars": call(base, "POST", "/api/backups/" + "b" * 300 + "/restore", headers=headers),
        # 100 characters but 400 bytes: past what a file name may hold (found by the random fuzz)
        "restore 400 bytes": call(base, "POST", "/api/backups/" + urllib.parse.quote("\U0001F600" * 100) + "/restore",
                                  headers=headers),
    }
    status, session = call(base, "POST", "/api/sessions", body=booking, headers=headers)
    assert status == 201, session
    answers["patch quote 2^63"] = call(base, "PATCH", f"/api/sessions/{session['id']}", headers=headers,
                                       body={"quote_minor": HUGE, "version": session["version"]})
    for name, (status, answer) in answers.items():
        assert status == 422 and _is_sentence(answer), (name, status, answer)
    assert "1900-01-01" in answers["consents 0001..9999"][1]["message"]
