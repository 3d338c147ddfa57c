"""API fixtures: the app over a created studio, with admin and staff tokens."""

from __future__ import annotations

import pytest

from app.api import create_app
from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tools.stick_process import bearer


@pytest.fixture
def api(created, stick):
    """A Flask app over the fresh studio; closes the studio afterwards."""
    container = Container(stick)
    app = create_app(container)
    yield app
    app.config["INTAKE"].stop()  # the registration listener, if a test opened a code
    container.close()


@pytest.fixture
def client(api):
    return api.test_client()


@pytest.fixture
def admin_headers(client) -> dict:
    return bearer(client, ADMIN, ADMIN_PASSWORD)


@pytest.fixture
def staff_headers(client, admin_headers) -> dict:
    made = client.post("/api/users", headers=admin_headers, json={
        "username": STAFF, "display_name": "Sam", "role": "staff", "password": STAFF_PASSWORD})
    assert made.status_code == 201, made.json
    return bearer(client, STAFF, STAFF_PASSWORD)
