"""Payments table access: append and read, never update or delete (corrections are new rows)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, Integer, func, insert, literal_column, select

from app.db.models import Client, Session
from app.db.models import Payment as PaymentRow
from app.db.repos.read_back import read_back
from app.db.types import new_id
from app.domain.register import Payment, SessionTerms

_COLUMNS = (PaymentRow.id, PaymentRow.amount_minor, PaymentRow.method, PaymentRow.kind,
            PaymentRow.client_id, PaymentRow.session_id, PaymentRow.artist_id, PaymentRow.taken_by,
            PaymentRow.taken_at, PaymentRow.register_day, PaymentRow.corrects_id, PaymentRow.note)
_ORDER = (PaymentRow.taken_at, literal_column("payments.rowid", Integer))  # ties (one clock tick): entry order


class PaymentRepository:
    """Append payments and read them back by id, session, client or register day."""

    def add(self, conn: Connection, *, amount_minor: int, method: str, kind: str, client_id: str | None,
            session_id: str | None, artist_id: str | None, taken_by: str, taken_at: datetime,
            register_day: date, corrects_id: str | None, note: str) -> Payment:
        """Insert one payment and return it."""
        payment_id = new_id()
        conn.execute(insert(PaymentRow).values(
            id=payment_id, amount_minor=amount_minor, method=method, kind=kind, client_id=client_id,
            session_id=session_id, artist_id=artist_id, taken_by=taken_by, taken_at=taken_at,
            register_day=register_day, corrects_id=corrects_id, note=note,
            created_at=taken_at, updated_at=taken_at))
        return read_back(self.get(conn, payment_id), "payment")

    def get(self, conn: Connection, payment_id: str) -> Payment | None:
        """Return the payment with this id, or None."""
        row = conn.execute(select(*_COLUMNS).where(PaymentRow.id == payment_id)).one_or_none()
        return Payment(*tuple(row)) if row else None

    def find(self, conn: Connection, *, session_id: str | None = None, client_id: str | None = None,
             day: date | None = None) -> list[Payment]:
        """Return the payments matching every given filter, oldest first."""
        query = select(*_COLUMNS).order_by(*_ORDER)
        if session_id is not None:
            query = query.where(PaymentRow.session_id == session_id)
        if client_id is not None:
            query = query.where(PaymentRow.client_id == client_id)
        if day is not None:
            query = query.where(PaymentRow.register_day == day)
        return [Payment(*tuple(row)) for row in conn.execute(query)]

    def walk_ins(self, conn: Connection) -> list[Payment]:
        """Return the payments of no client and no session (walk-in sales), oldest first."""
        query = select(*_COLUMNS).where(PaymentRow.client_id.is_(None), PaymentRow.session_id.is_(None))
        return [Payment(*tuple(row)) for row in conn.execute(query.order_by(*_ORDER))]

    def refunded_against(self, conn: Connection, payment_id: str) -> int:
        """Return the total of refunds that correct this payment."""
        return conn.execute(select(func.coalesce(func.sum(PaymentRow.amount_minor), 0))
                            .where(PaymentRow.corrects_id == payment_id, PaymentRow.kind == "refund")).scalar_one()

    def session_terms(self, conn: Connection, session_id: str) -> SessionTerms | None:
        """Return the client, artist and quote of a session, or None if there is no such session."""
        row = conn.execute(select(Session.id, Session.client_id, Session.artist_id, Session.quote_minor)
                           .where(Session.id == session_id)).one_or_none()
        return SessionTerms(*row) if row else None

    def client_exists(self, conn: Connection, client_id: str) -> bool:
        """Return whether a client with this id exists."""
        return conn.execute(select(Client.id).where(Client.id == client_id)).first() is not None
