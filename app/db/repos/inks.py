"""Ink lots and the inks used in sessions (traceability for the client's ink passport)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, exists, insert, select

from app.db.models import InkLot as InkLotRow
from app.db.models import SessionInk as SessionInkRow
from app.db.types import new_id
from app.domain.booking import InkLot, SessionInk


def _lots(today: date):
    return select(InkLotRow.id, InkLotRow.brand, InkLotRow.colour, InkLotRow.lot, InkLotRow.expires_on,
                  InkLotRow.opened_on, InkLotRow.expires_on < today)


def _lot(row: Sequence[Any]) -> InkLot:
    lot_id, brand, colour, lot, expires_on, opened_on, expired = row
    return InkLot(lot_id, brand, colour, lot, expires_on, opened_on, expired=bool(expired))


class InkRepository:
    """Read and write ink lots and session inks on a connection the service holds."""

    def add_lot(self, conn: Connection, *, brand: str, colour: str, lot: str, expires_on: date,
                opened_on: date | None) -> str:
        """Insert an ink lot and return its id."""
        lot_id = new_id()
        conn.execute(insert(InkLotRow).values(id=lot_id, brand=brand, colour=colour, lot=lot,
                                              expires_on=expires_on, opened_on=opened_on))
        return lot_id

    def lot_exists(self, conn: Connection, *, brand: str, colour: str, lot: str) -> bool:
        """Return whether this brand, colour and lot number is already recorded."""
        return conn.execute(select(exists().where(InkLotRow.brand == brand, InkLotRow.colour == colour,
                                                  InkLotRow.lot == lot))).scalar_one()

    def get_lot(self, conn: Connection, lot_id: str, today: date) -> InkLot | None:
        """Return one lot, expired or not as of `today`, or None."""
        row = conn.execute(_lots(today).where(InkLotRow.id == lot_id)).one_or_none()
        return _lot(row) if row else None

    def list_lots(self, conn: Connection, today: date) -> list[InkLot]:
        """Return every lot by brand, colour and expiry, each flagged expired or not as of `today`."""
        query = _lots(today).order_by(InkLotRow.brand, InkLotRow.colour, InkLotRow.expires_on, InkLotRow.lot)
        return [_lot(row) for row in conn.execute(query)]

    def add_session_ink(self, conn: Connection, session_id: str, ink_lot_id: str) -> str:
        """Record that a lot was used in a session; return the new row's id."""
        row_id = new_id()
        conn.execute(insert(SessionInkRow).values(id=row_id, session_id=session_id, ink_lot_id=ink_lot_id))
        return row_id

    def session_has_lot(self, conn: Connection, session_id: str, ink_lot_id: str) -> bool:
        """Return whether this lot is already recorded for this session."""
        return conn.execute(select(exists().where(SessionInkRow.session_id == session_id,
                                                  SessionInkRow.ink_lot_id == ink_lot_id))).scalar_one()

    def session_inks(self, conn: Connection, session_id: str) -> list[SessionInk]:
        """Return the lots used in one session, in the order they were recorded."""
        query = (select(SessionInkRow.id, SessionInkRow.session_id, SessionInkRow.ink_lot_id, InkLotRow.brand,
                        InkLotRow.colour, InkLotRow.lot, InkLotRow.expires_on, SessionInkRow.created_at)
                 .join(InkLotRow, InkLotRow.id == SessionInkRow.ink_lot_id)
                 .where(SessionInkRow.session_id == session_id)
                 .order_by(SessionInkRow.created_at, InkLotRow.brand, InkLotRow.colour))
        return [SessionInk(*row) for row in conn.execute(query)]
