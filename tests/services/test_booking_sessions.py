"""Booking a session: who can be booked with whom, what is checked, versions and the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from app.db.models import AuditEvent
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.services.sessions.service import BookingService
from tests.services.support_booking import add_artist, add_client, local

MARCH_3 = local(2026, 3, 3, 14)


@pytest.fixture
def kai(opened, stick):
    return add_artist(opened, stick, "kai", "Kai")


@pytest.fixture
def service(opened):
    return BookingService(opened.db)


def _book(service, opened, client_id, artist_id, **extra):
    values = {"starts_at": MARCH_3, "duration_min": 120, **extra}
    return service.book(opened.user, client_id=client_id, artist_id=artist_id, **values)


def test_booking_stores_the_session_in_utc_with_its_details(opened, service, kai):
    client = add_client(opened.db, "Ada", "Lovelace")
    booked = _book(service, opened, client, kai.id, placement="left forearm", description="swallow",
                   quote_minor=30000, deposit_required_minor=5000)
    assert booked.starts_at == datetime(2026, 3, 3, 13, tzinfo=UTC) and booked.starts_at.tzinfo is UTC
    assert (booked.client_name, booked.artist_name, booked.status, booked.version) == ("Ada Lovelace", "Kai",
                                                                                     "booked", 1)
    assert (booked.placement, booked.quote_minor, booked.deposit_required_minor) == ("left forearm", 30000, 5000)
    assert service.get(opened.user, booked.id) == booked


def test_unknown_client_and_anonymised_client_are_refused(opened, service, kai):
    with pytest.raises(NotFoundError, match="There is no such client"):
        _book(service, opened, "no-such-client", kai.id)
    gone = add_client(opened.db, anonymised_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(ConflictError, match="anonymised"):
        _book(service, opened, gone, kai.id)


def test_only_active_artists_can_be_booked(opened, stick, service, kai):
    client = add_client(opened.db)
    desk = add_artist(opened, stick, "desk", "Front Desk", is_artist=False)
    with pytest.raises(ValidationError, match="Front Desk is not an active artist"):
        _book(service, opened, client, desk.id)
    with pytest.raises(NotFoundError, match="no such artist"):
        _book(service, opened, client, "no-such-user")


@pytest.mark.parametrize("minutes", [14, 721])
def test_durations_outside_15_to_720_minutes_are_refused(opened, service, kai, minutes):
    with pytest.raises(ValidationError, match="15 to 720 minutes"):
        _book(service, opened, add_client(opened.db), kai.id, duration_min=minutes)


def test_a_start_without_time_zone_and_negative_money_are_refused(opened, service, kai):
    client = add_client(opened.db)
    with pytest.raises(ValidationError, match="time zone"):
        _book(service, opened, client, kai.id, starts_at=datetime(2026, 3, 3, 14))
    with pytest.raises(ValidationError, match="deposit required cannot be negative"):
        _book(service, opened, client, kai.id, deposit_required_minor=-1)


def test_a_minor_needs_an_expected_guardian_consent_and_at_least_16_years(opened, service, kai):
    seventeen = add_client(opened.db, birth_date=date(2008, 6, 1))
    with pytest.raises(ValidationError, match="The client is 17 on March 3, 2026; the studio's minimum age is 18"):
        _book(service, opened, seventeen, kai.id)
    assert _book(service, opened, seventeen, kai.id, guardian_consent_expected=True).status == "booked"
    fifteen = add_client(opened.db, birth_date=date(2010, 6, 1))
    with pytest.raises(ValidationError, match="at least 16"):
        _book(service, opened, fifteen, kai.id, starts_at=local(2026, 3, 4, 14), guardian_consent_expected=True)


def test_age_counts_on_the_studio_local_session_date(opened, service, kai):
    # 18 on 4 March: a 00:30 Madrid session on the birthday is 23:30 UTC the day before, and is allowed.
    client = add_client(opened.db, birth_date=date(2008, 3, 4))
    assert _book(service, opened, client, kai.id, starts_at=local(2026, 3, 4, 0, 30), duration_min=60)
    with pytest.raises(ValidationError, match="is 17"):
        _book(service, opened, client, kai.id, starts_at=local(2026, 3, 3, 12), duration_min=60)


def test_a_client_without_birth_date_can_be_booked(opened, service, kai):
    assert _book(service, opened, add_client(opened.db, birth_date=None), kai.id).status == "booked"


def test_every_change_bumps_the_version_and_a_stale_version_is_refused(opened, service, kai):
    booked = _book(service, opened, add_client(opened.db), kai.id)
    edited = service.edit(opened.user, booked.id, version=1, placement="back", quote_minor=50000)
    assert (edited.version, edited.placement, edited.quote_minor) == (2, "back", 50000)
    with pytest.raises(ConflictError, match="This session was changed by someone else; reload and try again."):
        service.move(opened.user, booked.id, version=1, starts_at=local(2026, 3, 3, 16))
    moved = service.move(opened.user, booked.id, version=2, starts_at=local(2026, 3, 3, 16))
    assert moved.version == 3 and service.set_status(opened.user, booked.id, "confirmed").version == 4


def test_a_move_must_say_where_to(opened, service, kai):
    booked = _book(service, opened, add_client(opened.db), kai.id)
    with pytest.raises(ValidationError, match="Say where to move the session"):
        service.move(opened.user, booked.id, version=booked.version)


def test_finished_sessions_cannot_be_moved(opened, service, kai):
    booked = _book(service, opened, add_client(opened.db), kai.id)
    cancelled = service.cancel(opened.user, booked.id)
    with pytest.raises(ConflictError, match="cancelled and cannot be moved"):
        service.move(opened.user, booked.id, version=cancelled.version, starts_at=local(2026, 3, 5, 10))


def test_writes_are_audited_with_ids_and_no_names(opened, service, kai):
    client = add_client(opened.db, "Zelda", "Quetzal")
    booked = _book(service, opened, client, kai.id)
    service.move(opened.user, booked.id, version=1, starts_at=local(2026, 3, 3, 17))
    service.cancel(opened.user, booked.id)
    with opened.db.read() as conn:
        events = conn.execute(select(AuditEvent.action, AuditEvent.summary, AuditEvent.actor_id)
                              .where(AuditEvent.entity == "session", AuditEvent.entity_id == booked.id)
                              .order_by(AuditEvent.at, AuditEvent.created_at)).all()
    assert [e.action for e in events] == ["book", "move", "status"]
    assert {e.actor_id for e in events} == {opened.user.id}
    summaries = " ".join(e.summary for e in events)
    assert client in summaries and kai.id in summaries
    assert not any(name in summaries for name in ("Zelda", "Quetzal", "Kai"))
