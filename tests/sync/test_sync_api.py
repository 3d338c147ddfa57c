"""The sync through the studio's API (real waitress, a real relay on PostgreSQL, real SQLCipher sticks): set-up,
pairing codes, joining, the devices and "Revoke", the conflicts list in the caller's language, and the sentences
for an unreachable relay or a wrong code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.api.serving import serving
from app.client import StudioClient
from app.client.models import ClientCreateIn, SessionBookIn, UserCreateIn
from app.domain.errors import ConflictError, DomainError, ForbiddenError, ValidationError
from tests.conftest import STAFF, STAFF_PASSWORD
from tests.sync.support_api import admin_client, copy_stick, sync_once, synced


@pytest.fixture
def front(created, stick):
    """The studio's first device, served; an admin client of it."""
    with serving(stick) as served:
        client = admin_client(served.url)
        yield served, client
        client.close()


def test_an_admin_sets_up_sync_and_the_first_sync_runs_in_the_background(front, relay):
    served, admin = front
    assert admin.sync.status().paired is False
    started = admin.sync.start(relay.url)
    assert started.paired and started.relay_url == relay.url and started.device_id
    status = synced(served, admin)
    assert status.last_sync_at is not None and status.pending == 0 and status.last_error is None
    assert [d.this_device for d in admin.sync.devices()] == [True]
    with pytest.raises(ConflictError, match="syncs already"):
        admin.sync.start(relay.url)


def test_staff_see_only_the_quiet_status_and_cannot_set_up(front, relay):
    served, admin = front
    admin.create_user(UserCreateIn(username=STAFF, display_name="Sam Staff", role="staff", password=STAFF_PASSWORD))
    admin.sync.start(relay.url)
    synced(served, admin)
    staff = StudioClient(served.url)
    staff.login(STAFF, STAFF_PASSWORD)
    try:
        seen = staff.sync.status()
        assert seen.paired and seen.last_sync_at is not None
        assert (seen.relay_url, seen.device_id, seen.last_error) == (None, None, None)
        for refused in (lambda: staff.sync.start(relay.url), staff.sync.invite, staff.sync.devices):
            with pytest.raises(ForbiddenError):
                refused()
    finally:
        staff.close()


def test_an_unreachable_relay_and_a_wrong_code_are_sentences(front, relay):
    _served, admin = front
    with pytest.raises(DomainError, match="cannot be reached; the studio keeps working here"):
        admin.sync.start("http://127.0.0.1:9")
    assert admin.sync.status().paired is False
    with pytest.raises(ValidationError, match="A relay address starts with http:// or https://"):
        admin.sync.start("relay.example.org")
    with pytest.raises(ValidationError, match="unknown, used or expired"):
        admin.sync.join(relay.url, "ABCD-EFGH-JKMN-PQRS")
    with pytest.raises(ValidationError, match="16 letters and digits"):
        admin.sync.join(relay.url, "ABCD-EFGH-JKMN-PQR!")
    with pytest.raises(ConflictError, match="not paired with a sync relay yet"):
        admin.sync.invite()


def test_a_second_device_joins_with_a_code_then_is_revoked(front, relay, stick, tmp_path):
    served, admin = front
    second_stick = copy_stick(stick, tmp_path / "second")  # the same studio on another stick, before pairing
    admin.sync.start(relay.url)
    synced(served, admin)
    code = admin.sync.invite()
    assert timedelta(minutes=14) < code.expires_at - datetime.now(UTC) <= timedelta(minutes=15)
    with serving(second_stick) as other:
        second = admin_client(other.url)
        try:
            joined = second.sync.join(relay.url, code.code.lower())  # typed in lower case: still the code
            assert joined.paired
            assert synced(other, second).last_error is None
            with pytest.raises(ConflictError, match="syncs already"):
                second.sync.join(relay.url, code.code)
            devices = admin.sync.devices()
            assert len(devices) == 2 and sum(d.this_device for d in devices) == 1
            theirs = next(d for d in devices if not d.this_device)
            with pytest.raises(ValidationError, match="the device you are using"):
                admin.sync.revoke(next(d.id for d in devices if d.this_device))
            admin.sync.revoke(theirs.id)
            assert next(d for d in admin.sync.devices() if d.id == theirs.id).revoked
            after = sync_once(other, second)
            assert "removed from the studio's sync" in (after.last_error or "")
        finally:
            second.close()


def _book(client: StudioClient, first: str, last: str, at: datetime) -> None:
    person = client.clients.create(ClientCreateIn(first_name=first, last_name=last))
    artist = next(u.id for u in client.list_users() if u.display_name == "Maya")
    client.sessions.book(SessionBookIn(client_id=person.id, artist_id=artist, starts_at=at, duration_min=120))


def test_a_double_booking_made_on_two_devices_is_a_sentence_on_both_and_resolved_once(front, relay, stick,
                                                                                       tmp_path):
    served, admin = front
    admin.create_user(UserCreateIn(username="maya", display_name="Maya", role="staff", password=STAFF_PASSWORD,
                                   is_artist=True))
    second_stick = copy_stick(stick, tmp_path / "second")
    admin.sync.start(relay.url)
    synced(served, admin)
    code = admin.sync.invite().code
    at = datetime(datetime.now(UTC).year + 1, 3, 3, 13, 0, tzinfo=UTC)  # 14:00 in Madrid, next year: the year is said
    with serving(second_stick) as other:
        second = admin_client(other.url)
        try:
            second.sync.join(relay.url, code)
            synced(other, second)
            _book(admin, "Leo", "Pérez", at)
            _book(second, "Ana", "Ruiz", at + timedelta(minutes=30))
            sync_once(served, admin)
            sync_once(other, second)
            sync_once(served, admin)
            listed = second.sync.conflicts()
            assert [c.kind for c in listed] == ["double_booking"]
            said = f"Two sessions for Maya at 14:00 on March 3, {at.year}: Leo Pérez and Ana Ruiz."
            assert listed[0].sentence == said
            assert {r.table for r in listed[0].rows} == {"sessions"}
            assert [c.id for c in admin.sync.conflicts()] == [listed[0].id]  # the same id on both devices
            assert admin.sync.status().conflicts == 1
            admin.sync.resolve(listed[0].id)
            assert admin.sync.conflicts() == [] and admin.sync.status().conflicts == 0
            sync_once(served, admin)
            sync_once(other, second)
            assert second.sync.conflicts() == []  # resolved on one device, resolved on the other
        finally:
            second.close()
