"""The sync on the screens, against a real relay on PostgreSQL: Admin's Sync panel (set up, last synced, pending,
a pairing code shown once, devices and "Revoke"), the relay's refusals as sentences, the quiet line on the Backups
screen, and the "Sync conflicts" screen with its sentences, "Open session" and "Mark resolved"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app.api.serving import serving
from app.client.models import ClientCreateIn, SessionBookIn, UserCreateIn
from tests.conftest import ADMIN, ADMIN_PASSWORD, STAFF_PASSWORD
from tests.relay import conftest as relay_fixtures
from tests.sync.support_api import admin_client, copy_stick, sync_once, synced
from tests.ui.support_shell import log_in, make_shell

# the relay tests' throwaway PostgreSQL cluster and relay server, as tests/sync/conftest.py uses them
pg_cluster, relay_db, relay_limits = relay_fixtures.pg_cluster, relay_fixtures.relay_db, relay_fixtures.relay_limits
relay = relay_fixtures.relay


@pytest.fixture
def front(created, stick):
    """The studio's first device served (its container too, to wait for background syncs) and an admin client."""
    with serving(stick) as served:
        client = admin_client(served.url)
        yield served, client
        client.close()


@pytest.fixture
def admin_screen(ui, front, clock):
    served, _client = front
    shell = make_shell(ui, served.url, clock)
    log_in(ui, ADMIN, ADMIN_PASSWORD)
    assert shell.user is not None
    yield shell
    shell.client.close()


def test_an_admin_sets_up_sync_and_sees_it_last_synced(ui, admin_screen, front, relay):
    admin_screen.navigate("admin")
    assert ui.has_text("This studio works on this computer only.")
    ui.type("Relay address", relay.url)
    ui.click("Set up sync")  # the first sync runs in the background; the panel follows it to its end
    front[0].container.sync_soon.wait()
    assert ui.has_text("Sync is set up.")
    assert ui.has_text("Last synced ") and ui.has_text(" ago.")
    assert ui.has_text("Nothing waiting to be sent.") and ui.has_text("No sync conflicts.")
    assert ui.has_text("This device: added ")
    ui.click("Pair another device")
    assert ui.has_text("It works once and is not shown again.")
    said = next(t for t in ui.texts() if "It works once" in t)
    assert re.search(r"before \d{1,2}:\d{2}\s[AP]M\.", said), said  # the time as the screens write times
    shown = [t for t in ui.texts() if len(t) == 19 and t.count("-") == 3]
    assert len(shown) == 1  # ABCD-EFGH-JKMN-PQRS
    admin_screen.navigate("backups")
    assert ui.has_text("Last synced ") and ui.has_text("Nothing waiting to be sent. No sync conflicts.")
    assert not ui.has_text("sync-studio")  # the sync's runs in the history, by their name in the screens' language


def test_an_unreachable_relay_is_a_sentence_and_the_address_stays(ui, admin_screen):
    admin_screen.navigate("admin")
    ui.type("Relay address", "http://127.0.0.1:9")
    ui.click("Set up sync")
    assert ui.has_text("cannot be reached; the studio keeps working here and syncs when it can.")
    assert ui.field("Relay address").value == "http://127.0.0.1:9"
    ui.type("Relay address", "relay.example.org")
    ui.click("Set up sync")
    assert ui.has_text("A relay address starts with http:// or https://")
    ui.type("Relay address", "http://127.0.0.1:9")
    ui.type("Pairing code", "ABCD-EFGH")
    ui.click("Join with a code")
    assert ui.has_text("A pairing code has 16 letters and digits")


def test_the_backups_screen_says_nothing_of_sync_when_the_studio_does_not_sync(ui, admin_screen):
    admin_screen.navigate("backups")
    assert not ui.has_text("Last synced") and not ui.has_text("Not synced yet.")


def test_a_second_device_is_listed_and_revoked(ui, admin_screen, front, relay, stick, tmp_path):
    served, admin = front
    second_stick = copy_stick(stick, tmp_path / "second")
    admin.sync.start(relay.url)
    synced(served, admin)
    code = admin.sync.invite().code
    with serving(second_stick) as other:
        second = admin_client(other.url)
        try:
            second.sync.join(relay.url, code)
            synced(other, second)
        finally:
            second.close()
    admin_screen.navigate("admin")
    assert ui.has_text("Device 2: added ")
    ui.click("Revoke Device 2")
    assert ui.has_text("Device 2: removed")
    assert [d.revoked for d in admin.sync.devices()] == [False, True]


def test_a_double_booking_is_a_sentence_on_the_conflicts_screen_and_is_resolved_there(ui, admin_screen, front,
                                                                                        relay, stick, tmp_path):
    served, admin = front
    admin.create_user(UserCreateIn(username="maya", display_name="Maya", role="staff", password=STAFF_PASSWORD,
                                   is_artist=True))
    second_stick = copy_stick(stick, tmp_path / "second")
    admin.sync.start(relay.url)
    synced(served, admin)
    code = admin.sync.invite().code
    at = datetime(datetime.now(UTC).year + 1, 3, 3, 13, 0, tzinfo=UTC)
    with serving(second_stick) as other:
        second = admin_client(other.url)
        try:
            second.sync.join(relay.url, code)
            synced(other, second)
            for client, (first, last), when in ((admin, ("Leo", "Pérez"), at),
                                               (second, ("Ana", "Ruiz"), at + timedelta(minutes=30))):
                person = client.clients.create(ClientCreateIn(first_name=first, last_name=last))
                maya = next(u.id for u in client.list_users() if u.display_name == "Maya")
                client.sessions.book(SessionBookIn(client_id=person.id, artist_id=maya, starts_at=when,
                                                   duration_min=120))
            sync_once(served, admin)
            sync_once(other, second)
            sync_once(served, admin)
        finally:
            second.close()
    admin_screen.navigate("backups")  # the quiet line leads to the list too (staff read it; admins resolve)
    assert ui.has_text("1 sync conflict to look at.")
    ui.click("See the sync conflicts")
    assert admin_screen.current == "sync_conflicts"
    admin_screen.navigate("admin")
    assert ui.has_text("1 sync conflict to look at.")
    ui.click("See the sync conflicts")
    assert ui.has_text(f"Two sessions for Maya at 14:00 on March 3, {at.year}: Leo Pérez and Ana Ruiz.")
    ui.click("Open session 1")
    assert admin_screen.current == "session"
    admin_screen.navigate("sync_conflicts")
    ui.click("Mark resolved")
    assert ui.has_text("No sync conflicts: every device agrees.")
    assert admin.sync.status().conflicts == 0
