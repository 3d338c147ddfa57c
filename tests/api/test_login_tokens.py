"""Login over a real loopback server, and every forged, stale or revoked token gets 401."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request

import jwt
import pytest

from app.api.serving import serving
from app.api.tokens import AUDIENCE
from tests.conftest import ADMIN, ADMIN_PASSWORD


@pytest.fixture
def server(created, stick):
    with serving(stick) as served:
        yield served.server


def call(server, method: str, path: str, body: dict | None = None, token: str | None = None):
    """Send one request; return (status, JSON body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def login(server, password=ADMIN_PASSWORD):
    return call(server, "POST", "/api/auth/login", {"username": ADMIN, "password": password})


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_login_returns_a_token_that_opens_protected_routes(server):
    status, body = login(server)
    assert status == 200 and body["user"]["username"] == ADMIN
    assert call(server, "GET", "/api/auth/me", token=body["token"])[1]["username"] == ADMIN


def test_wrong_password_is_401_with_a_sentence(server):
    status, body = login(server, "not it")
    assert status == 401 and body["message"] == "Wrong username or password. Check both and try again."


def test_alg_none_token_is_refused(server):
    claims = _claims(login(server)[1]["token"])
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert call(server, "GET", "/api/auth/me", token=forged)[0] == 401


def test_token_signed_with_another_key_is_refused(server):
    claims = _claims(login(server)[1]["token"])
    forged = jwt.encode(claims, b"k" * 32, algorithm="HS256")
    assert call(server, "GET", "/api/auth/me", token=forged)[0] == 401


def test_expired_token_is_refused(server):
    token = login(server)[1]["token"]
    issuer = server_tokens(server)
    claims = {**_claims(token), "exp": int(time.time()) - 60}
    expired = jwt.encode(claims, issuer._secret, algorithm="HS256")
    status, body = call(server, "GET", "/api/auth/me", token=expired)
    assert status == 401 and "expired" in body["message"]


def test_token_for_another_audience_is_refused(server):
    token = login(server)[1]["token"]
    claims = {**_claims(token), "aud": "someone-else"}
    assert claims["aud"] != AUDIENCE
    other = jwt.encode(claims, server_tokens(server)._secret, algorithm="HS256")
    assert call(server, "GET", "/api/auth/me", token=other)[0] == 401


def test_token_stops_working_after_logout(server):
    token = login(server)[1]["token"]
    assert call(server, "POST", "/api/auth/logout", token=token)[0] == 200
    assert call(server, "GET", "/api/auth/me", token=token)[0] == 401


def test_password_change_revokes_old_tokens(server):
    token = login(server)[1]["token"]
    status, _ = call(server, "POST", "/api/auth/password",
                     {"current_password": ADMIN_PASSWORD, "new_password": "a different one"}, token=token)
    assert status == 200
    assert call(server, "GET", "/api/auth/me", token=token)[0] == 401
    assert login(server, "a different one")[0] == 200


def test_oversized_body_is_refused_with_413(server):
    status, body = call(server, "POST", "/api/auth/login", {"username": "x" * (3 * 1024 * 1024), "password": "y"})
    assert status == 413 and "too large" in body["message"]


def server_tokens(server):
    """The running app's token issuer (to mint tokens an attacker who stole the key could)."""
    return server.app.config["TOKENS"]


def test_guessing_the_current_password_with_a_token_is_throttled(server):
    token = login(server)[1]["token"]
    answers = [call(server, "POST", "/api/auth/password", {"current_password": f"guess {i}",
                                                            "new_password": "whatever long"}, token=token)
               for i in range(5)]
    assert [status for status, _ in answers][:3] == [401, 401, 401]
    assert answers[-1][0] == 429 and "Wait" in answers[-1][1]["message"]


def test_saving_an_account_with_its_role_unchanged_keeps_its_logins(server):
    status, me = login(server)
    token = me["token"]
    user_id = call(server, "GET", "/api/auth/me", token=token)[1]["id"]
    status, _ = call(server, "PATCH", f"/api/users/{user_id}", {"display_name": "Boss", "role": "admin"}, token=token)
    assert status == 200
    assert call(server, "GET", "/api/auth/me", token=token)[0] == 200  # the same role: nothing to revoke
