"""API fixtures: the app over a created studio, with admin and staff tokens."""

from __future__ import annotations

import pytest

from app.api import create_app
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD

STAFF, STAFF_PASSWORD = "sam", "staff password"


@pytest.fixture
def api(created, stick):
    """A Flask app over the fresh studio; closes the studio afterwards."""
    container = Container(stick)
    app = create_app(container)
    yield app
    container.close()


@pytest.fixture
def client(api):
    return api.test_client()


@pytest.fixture
def admin_headers(client) -> dict:
    token = client.post("/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff_headers(client, admin_headers) -> dict:
    made = client.post("/api/users", headers=admin_headers, json={
        "username": STAFF, "display_name": "Sam", "role": "staff", "password": STAFF_PASSWORD})
    assert made.status_code == 201, made.json
    token = client.post("/api/auth/login", json={"username": STAFF, "password": STAFF_PASSWORD}).json["token"]
    return {"Authorization": f"Bearer {token}"}
