"""UI fixtures: a real API on loopback over a real studio, and a real Flet page driven without a client."""

from __future__ import annotations

import pytest

from app.api.serving import serving
from app.client import StudioClient
from app.client.models import UserCreateIn
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tests.ui.support_driver import UiDriver
from tests.ui.support_shell import FakeClock, log_in, make_shell


@pytest.fixture
def api_url(created, stick):
    """The API of a fresh studio, served by waitress on 127.0.0.1."""
    with serving(stick) as served:
        yield served.url


@pytest.fixture
def empty_api_url(stick):
    """The API over a stick with no studio yet."""
    with serving(stick) as served:
        yield served.url


@pytest.fixture
def admin_api(api_url):
    """A client logged in as the admin, for arranging data a screen then shows."""
    client = StudioClient(api_url)
    client.login(ADMIN, ADMIN_PASSWORD)
    yield client
    client.close()


@pytest.fixture
def staff_account(admin_api):
    return admin_api.create_user(UserCreateIn(username=STAFF, display_name="Sam Staff", role="staff",
                                              password=STAFF_PASSWORD, is_artist=True))


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def ui():
    driver = UiDriver()
    yield driver
    driver.close()


@pytest.fixture
def admin_ui(ui, api_url, clock):
    """The app logged in as the admin through its login screen."""
    shell = make_shell(ui, api_url, clock)
    log_in(ui, ADMIN, ADMIN_PASSWORD)
    assert shell.user is not None, ui.texts()[:40]
    yield shell
    shell.client.close()


@pytest.fixture
def staff_ui(ui, api_url, staff_account, clock):
    """The app logged in as a staff member (an artist)."""
    shell = make_shell(ui, api_url, clock)
    log_in(ui, STAFF, STAFF_PASSWORD)
    assert shell.user is not None, ui.texts()[:40]
    yield shell
    shell.client.close()
