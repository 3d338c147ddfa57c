"""/api/sessions: book, read, edit, move and change the status of sessions; the inks used in each."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.contract.booking import (
    SessionBookIn,
    SessionEditIn,
    SessionInkIn,
    SessionInkOut,
    SessionMoveIn,
    SessionOut,
    SessionRangeQuery,
    SessionStatusIn,
)

sessions = Blueprint("sessions", __name__, url_prefix="/api/sessions")


@endpoint(sessions, "POST", "", policy="user", summary="Book a session (the artist must be free).",
          body=SessionBookIn, response=SessionOut, status=201)
def book_session(body: SessionBookIn):
    return SessionOut.model_validate(services().booking.book(current_user(), **body.model_dump()))


@endpoint(sessions, "GET", "", policy="user", summary="Sessions starting in [from, to), optionally of one artist.",
          query=SessionRangeQuery, response=list[SessionOut])
def list_sessions(query: SessionRangeQuery):
    found = services().booking.list_range(current_user(), query.from_, query.to, query.artist_id)
    return [SessionOut.model_validate(s) for s in found]


@endpoint(sessions, "GET", "/<session_id>", policy="user", summary="One session.", response=SessionOut)
def get_session(session_id: str):
    return SessionOut.model_validate(services().booking.get(current_user(), session_id))


@endpoint(sessions, "PATCH", "/<session_id>", policy="user", summary="Change placement, description, price or length.",
          body=SessionEditIn, response=SessionOut)
def edit_session(session_id: str, body: SessionEditIn):
    changes = body.model_dump(exclude_unset=True)
    return SessionOut.model_validate(services().booking.edit(current_user(), session_id, **changes))


@endpoint(sessions, "POST", "/<session_id>/move", policy="user",
          summary="Move a session to another time and/or artist (send the version you read).",
          body=SessionMoveIn, response=SessionOut)
def move_session(session_id: str, body: SessionMoveIn):
    return SessionOut.model_validate(services().booking.move(current_user(), session_id, **body.model_dump()))


@endpoint(sessions, "POST", "/<session_id>/status", policy="user",
          summary="Change a session's status (only an admin reopens a finished one).",
          body=SessionStatusIn, response=SessionOut)
def set_session_status(session_id: str, body: SessionStatusIn):
    changed = services().booking.set_status(current_user(), session_id, body.status, body.version)
    return SessionOut.model_validate(changed)


@endpoint(sessions, "POST", "/<session_id>/inks", policy="user", summary="Record an ink lot used in a session.",
          body=SessionInkIn, response=SessionInkOut, status=201)
def record_session_ink(session_id: str, body: SessionInkIn):
    return SessionInkOut.model_validate(services().inks.record_used(current_user(), session_id, body.ink_lot_id))


@endpoint(sessions, "GET", "/<session_id>/inks", policy="user", summary="The inks used in a session (ink passport).",
          response=list[SessionInkOut])
def list_session_inks(session_id: str):
    return [SessionInkOut.model_validate(i) for i in services().inks.session_inks(current_user(), session_id)]
