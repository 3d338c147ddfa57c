"""The Calendar and Session screens' calls: book, move, edit, finish (app/api/sessions.py)."""

from __future__ import annotations

from datetime import datetime

from app.client.http import ApiSession
from app.client.models import (
    SessionBookIn,
    SessionEditIn,
    SessionMoveIn,
    SessionOut,
    SessionStatusIn,
)


class SessionsApi:
    """Booking, moving and finishing sessions (/api/sessions)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def book(self, booking: SessionBookIn) -> SessionOut:
        """Book a session and return it."""
        return self._s.call("POST", "/api/sessions", SessionOut, json=booking)

    def between(self, start: datetime, end: datetime, artist_id: str | None = None) -> list[SessionOut]:
        """Return the sessions starting in [start, end), of one artist or all."""
        params = {"from": start.isoformat(), "to": end.isoformat(), "artist_id": artist_id}
        return self._s.call("GET", "/api/sessions", list[SessionOut], params=params)

    def get(self, session_id: str) -> SessionOut:
        """Return one session."""
        return self._s.call("GET", f"/api/sessions/{session_id}", SessionOut)

    def edit(self, session_id: str, changes: SessionEditIn) -> SessionOut:
        """Change a session's placement, description, price or length and return it."""
        return self._s.call("PATCH", f"/api/sessions/{session_id}", SessionOut, json=changes)

    def move(self, session_id: str, move: SessionMoveIn) -> SessionOut:
        """Move a session to another time or artist and return it."""
        return self._s.call("POST", f"/api/sessions/{session_id}/move", SessionOut, json=move)

    def set_status(self, session_id: str, change: SessionStatusIn) -> SessionOut:
        """Change a session's status and return it."""
        return self._s.call("POST", f"/api/sessions/{session_id}/status", SessionOut, json=change)
