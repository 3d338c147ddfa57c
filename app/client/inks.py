"""The ink calls: ink lots and the lots used in a session (app/api/inks.py)."""

from __future__ import annotations

from app.client.http import ApiSession
from app.client.models import (
    InkLotIn,
    InkLotOut,
    SessionInkIn,
    SessionInkOut,
)


class InksApi:
    """Ink lots, and the lots used in a session (/api/ink-lots, /api/sessions/<id>/inks)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def record_ink(self, session_id: str, ink_lot_id: str) -> SessionInkOut:
        """Record that an ink lot was used in a session and return the entry."""
        return self._s.call("POST", f"/api/sessions/{session_id}/inks", SessionInkOut,
                            json=SessionInkIn(ink_lot_id=ink_lot_id))

    def inks(self, session_id: str) -> list[SessionInkOut]:
        """Return the inks used in a session."""
        return self._s.call("GET", f"/api/sessions/{session_id}/inks", list[SessionInkOut])

    def add_ink_lot(self, lot: InkLotIn) -> InkLotOut:
        """Record a new ink lot and return it."""
        return self._s.call("POST", "/api/ink-lots", InkLotOut, json=lot)

    def ink_lots(self) -> list[InkLotOut]:
        """Return every ink lot, flagged expired as of the studio's today."""
        return self._s.call("GET", "/api/ink-lots", list[InkLotOut])
