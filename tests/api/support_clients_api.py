"""Helpers for the client-area API tests: a logged-in admin and a staff artist on a real app."""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

from app.api import create_app
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tools.stick_process import login


class Api:
    """A logged-in test client: `api.post(url, json)` etc. return (status, body)."""

    def __init__(self, http, token: str | None):
        self.http, self.token = http, token

    def call(self, method: str, url: str, json=None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.http.open(url, method=method, json=json, headers=headers)
        return response.status_code, response.get_json()

    def get(self, url):
        return self.call("GET", url)

    def post(self, url, json=None):
        return self.call("POST", url, {} if json is None else json)

    def patch(self, url, json):
        return self.call("PATCH", url, json)

    def put(self, url, json):
        return self.call("PUT", url, json)


def log_in(http, username: str, password: str) -> Api:
    """Log in through the API and return a client that sends the token."""
    return Api(http, login(http, username, password))


@contextmanager
def logged_in_world(stick):
    """Yield (admin api, staff api, store with .db) on a real app over the created studio."""
    container = Container(stick)
    http = create_app(container).test_client()
    admin = log_in(http, ADMIN, ADMIN_PASSWORD)
    status, _ = admin.post("/api/users", {"username": "desk", "display_name": "Desk", "role": "staff",
                                          "password": "desk-password", "is_artist": True})
    assert status == 201
    try:
        yield admin, log_in(http, "desk", "desk-password"), SimpleNamespace(db=container.services.clients.db)
    finally:
        container.close()
