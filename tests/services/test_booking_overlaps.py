"""An artist is never double-booked: overlaps and the buffer are refused; other artists and dead sessions are not."""

from __future__ import annotations

import pytest

from app.domain.errors import ConflictError
from app.services.sessions.service import BookingService
from tests.services.support_booking import add_artist, add_client, local


@pytest.fixture
def desk(opened, stick):
    """A booking service, two artists (Kai, Mo) and a client; the studio keeps a 15-minute buffer."""
    kai = add_artist(opened, stick, "kai", "Kai")
    mo = add_artist(opened, stick, "mo", "Mo")
    client = add_client(opened.db)
    service = BookingService(opened.db)

    def book(artist=kai, start=local(2026, 3, 3, 14), minutes=120, **extra):
        return service.book(opened.user, client_id=client, artist_id=artist.id, starts_at=start,
                            duration_min=minutes, **extra)
    return service, book, kai, mo, opened.user


def test_rejects_overlapping_session_for_same_artist(desk):
    _, book, *_ = desk
    book()
    with pytest.raises(ConflictError) as refused:
        book(start=local(2026, 3, 3, 15), minutes=60)
    assert str(refused.value) == ("Artist Kai already has a session 14:00–16:00 on March 3; "
                                  "pick another time or artist.")


def test_rejects_a_session_inside_the_buffer_on_either_side(desk):
    _, book, *_ = desk
    book()  # 14:00-16:00, buffer 15 min
    with pytest.raises(ConflictError):
        book(start=local(2026, 3, 3, 16, 14), minutes=60)  # one minute short of the buffer after
    with pytest.raises(ConflictError):
        book(start=local(2026, 3, 3, 12, 46), minutes=60)  # ends 13:46, one minute inside the buffer before


def test_accepts_sessions_exactly_one_buffer_away_on_both_sides(desk):
    _, book, *_ = desk
    book()
    after = book(start=local(2026, 3, 3, 16, 15), minutes=60)
    before = book(start=local(2026, 3, 3, 12, 45), minutes=60)
    assert (before.ends_at, after.starts_at) == (local(2026, 3, 3, 13, 45), local(2026, 3, 3, 16, 15))


def test_another_artist_may_take_the_same_time(desk):
    _, book, _, mo, _ = desk
    book()
    assert book(artist=mo).artist_name == "Mo"


def test_cancelled_and_no_show_sessions_do_not_block(desk):
    service, book, _, _, admin = desk
    service.cancel(admin, book().id)
    no_show = book()
    service.set_status(admin, no_show.id, "no_show")
    assert book().status == "booked"


def test_done_sessions_still_hold_their_time(desk):
    service, book, _, _, admin = desk
    done = book()
    for status in ("confirmed", "in_progress", "done"):
        service.set_status(admin, done.id, status)
    with pytest.raises(ConflictError):
        book()


def test_moving_refuses_a_clash_but_not_the_sessions_own_old_slot(desk):
    service, book, kai, mo, admin = desk
    first = book()
    moved = service.move(admin, first.id, version=first.version, starts_at=local(2026, 3, 3, 14, 30))
    assert moved.starts_at == local(2026, 3, 3, 14, 30) and moved.version == first.version + 1
    other = book(artist=mo)
    with pytest.raises(ConflictError, match="Artist Kai already has a session 14:30–16:30 on March 3"):
        service.move(admin, other.id, version=other.version, artist_id=kai.id)


def test_lengthening_a_session_must_still_fit(desk):
    service, book, _, _, admin = desk
    first = book()
    book(start=local(2026, 3, 3, 17), minutes=60)
    assert service.edit(admin, first.id, duration_min=165).duration_min == 165  # ends 16:45, buffer to 17:00
    with pytest.raises(ConflictError, match="17:00–18:00"):
        service.edit(admin, first.id, duration_min=170)


def test_reopening_a_cancelled_session_needs_its_time_to_be_free(desk):
    service, book, _, _, admin = desk
    cancelled = service.cancel(admin, book().id)
    book(start=local(2026, 3, 3, 15))
    with pytest.raises(ConflictError, match="15:00–17:00"):
        service.set_status(admin, cancelled.id, "booked")


def test_the_clash_is_named_in_studio_local_time_across_midnight_utc(desk):
    _, book, *_ = desk
    book(start=local(2026, 7, 1, 23, 30), minutes=60)  # 21:30 UTC; local summer time +2
    with pytest.raises(ConflictError, match="23:30–00:30 on July 1"):
        book(start=local(2026, 7, 2, 0, 0), minutes=30)
