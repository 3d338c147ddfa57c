"""Session statuses move forward along allowed steps; only an admin reopens a finished session."""

from __future__ import annotations

import pytest

from app.domain.booking import FINAL_STATUSES, TRANSITIONS
from app.domain.errors import ConflictError, ForbiddenError
from app.services.sessions.service import BookingService
from tests.services.support_booking import add_artist, add_client, local

STATUSES = ("booked", "confirmed", "in_progress", "done", "no_show", "cancelled")
PATHS = {"booked": [], "confirmed": ["confirmed"], "in_progress": ["confirmed", "in_progress"],
         "done": ["confirmed", "in_progress", "done"], "no_show": ["no_show"], "cancelled": ["cancelled"]}


@pytest.fixture
def booking(opened, stick):
    """(service, admin, staff member, a function that books a session and walks it to a status)."""
    kai = add_artist(opened, stick, "kai", "Kai")
    staff = add_artist(opened, stick, "sam", "Sam", is_artist=False)
    client = add_client(opened.db)
    service = BookingService(opened.db)
    days = iter(range(1, 28))

    def session_in(status: str):
        booked = service.book(opened.user, client_id=client, artist_id=kai.id,
                              starts_at=local(2026, 4, next(days), 11), duration_min=60)
        for step in PATHS[status]:
            booked = service.set_status(opened.user, booked.id, step)
        return booked
    return service, opened.user, staff, session_in


def test_the_happy_path_runs_booked_confirmed_in_progress_done(booking):
    service, _, staff, session_in = booking
    session = session_in("booked")
    for status in ("confirmed", "in_progress", "done"):
        session = service.set_status(staff, session.id, status, version=session.version)
        assert session.status == status


@pytest.mark.parametrize("current", ["booked", "confirmed", "in_progress"])
def test_staff_may_take_only_the_allowed_steps_from_an_open_status(booking, current):
    service, _, staff, session_in = booking
    session = session_in(current)
    for new in STATUSES:
        if new in TRANSITIONS[current]:
            continue
        with pytest.raises(ConflictError, match=f"cannot become {new.replace('_', ' ')}"):
            service.set_status(staff, session.id, new)
    assert service.get(staff, session.id).status == current


@pytest.mark.parametrize("final", FINAL_STATUSES)
def test_staff_cannot_reopen_a_finished_session(booking, final):
    service, _, staff, session_in = booking
    session = session_in(final)
    with pytest.raises(ForbiddenError, match="only an admin can reopen it"):
        service.set_status(staff, session.id, "booked")


@pytest.mark.parametrize("final", FINAL_STATUSES)
def test_an_admin_reopens_a_finished_session_but_not_into_another_final_status(booking, final):
    service, admin, _, session_in = booking
    session = session_in(final)
    other_final = next(s for s in FINAL_STATUSES if s != final)
    with pytest.raises(ConflictError):
        service.set_status(admin, session.id, other_final)
    assert service.set_status(admin, session.id, "confirmed").status == "confirmed"


def test_staff_can_cancel_a_booked_session(booking):
    service, _, staff, session_in = booking
    assert service.cancel(staff, session_in("booked").id).status == "cancelled"
