"""Ink lots and the inks used in sessions: expiry, duplicates and the ink passport data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.core.clock import FixedClock
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.services.sessions.inks import InkService
from app.services.sessions.service import BookingService
from tests.services.support_booking import add_artist, add_client, local


@pytest.fixture
def shop(opened, stick):
    """(ink service with 'today' = 1 Feb 2026 in Madrid, booking service, a booked session on 2 Feb)."""
    clock = FixedClock(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))  # already 1 February in Madrid
    inks, booking = InkService(opened.db, clock), BookingService(opened.db, clock)
    kai = add_artist(opened, stick, "kai", "Kai")
    session = booking.book(opened.user, client_id=add_client(opened.db), artist_id=kai.id,
                           starts_at=local(2026, 2, 2, 11), duration_min=120)
    return inks, booking, session, opened.user


def _lot(inks, actor, lot="A1", expires_on=date(2027, 1, 31), **extra):
    return inks.create_lot(actor, brand="Eternal", colour="Lipstick Red", lot=lot, expires_on=expires_on, **extra)


def test_lots_are_listed_with_expired_flag_as_of_studio_local_today(shop):
    inks, _, _, me = shop
    _lot(inks, me, "OLD", expires_on=date(2026, 1, 31))
    _lot(inks, me, "TODAY", expires_on=date(2026, 2, 1))
    fresh = _lot(inks, me, "NEW", opened_on=date(2026, 1, 10))
    assert fresh.opened_on == date(2026, 1, 10) and fresh.expired is False
    assert {lot.lot: lot.expired for lot in inks.list_lots(me)} == {"OLD": True, "TODAY": False, "NEW": False}


def test_the_same_lot_cannot_be_recorded_twice(shop):
    inks, _, _, me = shop
    _lot(inks, me)
    with pytest.raises(ConflictError, match="Lot A1 of Eternal Lipstick Red is already recorded"):
        _lot(inks, me)


def test_blank_names_and_an_opening_after_expiry_are_refused(shop):
    inks, _, _, me = shop
    with pytest.raises(ValidationError, match="needs a brand"):
        inks.create_lot(me, brand="  ", colour="Black", lot="B1", expires_on=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="check both dates"):
        _lot(inks, me, opened_on=date(2027, 2, 1))


def test_inks_used_make_the_sessions_ink_passport(shop):
    inks, _, session, me = shop
    red = _lot(inks, me)
    black = inks.create_lot(me, brand="Dynamic", colour="Black", lot="D9", expires_on=date(2026, 12, 1))
    inks.record_used(me, session.id, red.id)
    recorded = inks.record_used(me, session.id, black.id)
    assert (recorded.brand, recorded.colour, recorded.lot, recorded.expires_on) == ("Dynamic", "Black", "D9",
                                                                                    date(2026, 12, 1))
    assert [(i.brand, i.lot) for i in inks.session_inks(me, session.id)] == [("Eternal", "A1"), ("Dynamic", "D9")]


def test_a_lot_past_expiry_on_the_session_date_is_refused(shop):
    inks, _, session, me = shop  # the session is on 2 February
    expired = _lot(inks, me, "X", expires_on=date(2026, 2, 1))
    with pytest.raises(ValidationError) as refused:
        inks.record_used(me, session.id, expired.id)
    assert str(refused.value) == "Lot X of Eternal Lipstick Red expired on 2026-02-01; use another lot."
    last_day = _lot(inks, me, "Y", expires_on=date(2026, 2, 2))
    assert inks.record_used(me, session.id, last_day.id).lot == "Y"


def test_a_lot_recorded_twice_for_a_session_is_a_conflict(shop):
    inks, _, session, me = shop
    red = _lot(inks, me)
    inks.record_used(me, session.id, red.id)
    with pytest.raises(ConflictError, match="already recorded for this session"):
        inks.record_used(me, session.id, red.id)


def test_unknown_session_or_lot_and_cancelled_sessions_are_refused(shop):
    inks, booking, session, me = shop
    red = _lot(inks, me)
    with pytest.raises(NotFoundError, match="no such ink lot"):
        inks.record_used(me, session.id, "no-such-lot")
    with pytest.raises(NotFoundError, match="no such session"):
        inks.session_inks(me, "no-such-session")
    booking.cancel(me, session.id)
    with pytest.raises(ConflictError, match="did not take place"):
        inks.record_used(me, session.id, red.id)
