"""Plugin fixtures: the shipped example plugins running over a real, unlocked studio, as admin, staff and artist;
and a bare container over the created studio for the loader and trust tests (files from support_files)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.container import Container
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF, STAFF_PASSWORD
from tests.plugins.support_plugins import PluginRig

ARTIST, ARTIST_PASSWORD = "ink", "artist password"
MADRID = ZoneInfo("Europe/Madrid")  # the studio of tests/conftest.py


@pytest.fixture
def rig(created, stick):
    """gift_cards and aftercare loaded over a studio unlocked as the admin; a staff member and an artist exist."""
    container = Container(stick)
    rig = PluginRig(container, "gift_cards", "aftercare")
    container.plugin_calls = rig.calls  # read by the container's wiring once the core calls hooks (P2)
    rig.admin = container.login(ADMIN, ADMIN_PASSWORD)
    users = container.services.users
    users.create(rig.admin, username=STAFF, display_name="Sam Staff", role="staff", password=STAFF_PASSWORD)
    users.create(rig.admin, username=ARTIST, display_name="Ink Artist", role="staff", password=ARTIST_PASSWORD,
                 is_artist=True)
    rig.staff, rig.artist = container.login(STAFF, STAFF_PASSWORD), container.login(ARTIST, ARTIST_PASSWORD)
    yield rig
    container.close()


def book(rig, quote_minor: int, first_name: str = "Ana", last_name: str = "López") -> str:
    """A new client booked with the artist today (studio time, two hours after the last booking) for `quote_minor`;
    returns the session id."""
    services = rig.container.services
    client = services.clients.create(rig.admin, first_name=first_name, last_name=last_name, allow_duplicate=True)
    rig.booked = getattr(rig, "booked", 0) + 1
    today = datetime.now(MADRID).date()
    start = datetime.combine(today, time(0, 30), tzinfo=MADRID) + timedelta(hours=2 * rig.booked)
    return services.booking.book(rig.admin, client_id=client.id, artist_id=rig.artist.id, starts_at=start,
                                 duration_min=60, quote_minor=quote_minor).id


@pytest.fixture
def container(created, stick):
    """The created studio in a Container (locked until a test logs in); closed afterwards."""
    box = Container(stick)
    yield box
    box.close()


@pytest.fixture
def admin(container):
    """The admin, logged in (which unlocks the studio and loads its enabled plugins)."""
    return container.login(ADMIN, ADMIN_PASSWORD)


@pytest.fixture
def staff(container, admin):
    """A staff account."""
    container.services.users.create(admin, username=STAFF, display_name="Sam", role="staff", password=STAFF_PASSWORD)
    return container.login(STAFF, STAFF_PASSWORD)
