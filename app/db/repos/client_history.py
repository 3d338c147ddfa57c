"""A client's history read from other tables: sessions, payments and the ink lots used on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, or_, select

from app.db.models import InkLot, Payment, Session, SessionInk, User
from app.domain.clients import InkUse, PaymentHistory, SessionHistory


class ClientHistoryRepository:
    """Read what happened to one client; writes belong to the booking and payment areas."""

    def sessions(self, conn: Connection, client_id: str) -> list[SessionHistory]:
        """Return the client's sessions, newest first, with the artist's display name."""
        stmt = (select(Session.id, Session.starts_at, Session.duration_min, Session.artist_id, User.display_name,
                       Session.status, Session.placement)
                .join(User, User.id == Session.artist_id)
                .where(Session.client_id == client_id).order_by(Session.starts_at.desc()))
        return [SessionHistory(*row) for row in conn.execute(stmt)]

    def payments(self, conn: Connection, client_id: str) -> list[PaymentHistory]:
        """Return payments made by the client or for their sessions, newest first."""
        own_sessions = select(Session.id).where(Session.client_id == client_id)
        stmt = (select(Payment.id, Payment.amount_minor, Payment.kind, Payment.method, Payment.taken_at,
                       Payment.session_id)
                .where(or_(Payment.client_id == client_id, Payment.session_id.in_(own_sessions)))
                .order_by(Payment.taken_at.desc()))
        return [PaymentHistory(*row) for row in conn.execute(stmt)]

    def inks(self, conn: Connection, client_id: str) -> list[InkUse]:
        """Return the ink lots used in the client's sessions, newest session first."""
        stmt = (select(Session.id, Session.starts_at, InkLot.brand, InkLot.colour, InkLot.lot, InkLot.expires_on)
                .join(SessionInk, SessionInk.session_id == Session.id)
                .join(InkLot, InkLot.id == SessionInk.ink_lot_id)
                .where(Session.client_id == client_id)
                .order_by(Session.starts_at.desc(), InkLot.brand, InkLot.colour))
        return [InkUse(*row) for row in conn.execute(stmt)]

    def last_session_start(self, conn: Connection, client_id: str) -> datetime | None:
        """Return when the client's latest session starts (any status), or None if they have none."""
        stmt = select(func.max(Session.starts_at)).where(Session.client_id == client_id)
        return conn.execute(stmt).scalar_one()
