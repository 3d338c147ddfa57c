"""Sessions table access: bookings, the artist's clashes, and calendar ranges with client alerts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, Select, and_, func, insert, literal, or_, select, update

from app.db.models import Client, MedicalProfile, Session, User
from app.db.types import new_id
from app.domain.booking import LIVE_STATUSES, MAX_DURATION, BookingClient, SessionRecord, overlaps


def _alert_column():
    # The client's latest medical profile decides; the (client_id, version) unique index serves it.
    latest = (select(or_(func.trim(MedicalProfile.allergies) != "", func.trim(MedicalProfile.conditions) != ""))
              .where(MedicalProfile.client_id == Session.client_id)
              .order_by(MedicalProfile.version.desc()).limit(1).scalar_subquery())
    return func.coalesce(latest, literal(False))


def _records() -> Select:
    client_name = func.trim(Client.first_name + " " + Client.last_name)
    return (select(Session.id, Session.client_id, client_name, _alert_column(), Session.artist_id,
                   User.display_name, Session.starts_at, Session.duration_min, Session.status,
                   Session.placement, Session.description, Session.quote_minor,
                   Session.deposit_required_minor, Session.version)
            .join(Client, Client.id == Session.client_id)
            .join(User, User.id == Session.artist_id))


def _record(row) -> SessionRecord:
    values = list(row)
    values[3] = bool(values[3])
    return SessionRecord(*values)


class SessionRepository:
    """Read and write sessions on a connection the service holds."""

    def add(self, conn: Connection, *, client_id: str, artist_id: str, starts_at: datetime, duration_min: int,
            placement: str, description: str, quote_minor: int, deposit_required_minor: int) -> str:
        """Insert a booked session and return its id."""
        session_id = new_id()
        conn.execute(insert(Session).values(
            id=session_id, client_id=client_id, artist_id=artist_id, starts_at=starts_at,
            duration_min=duration_min, status="booked", placement=placement, description=description,
            quote_minor=quote_minor, deposit_required_minor=deposit_required_minor, version=1))
        return session_id

    def get(self, conn: Connection, session_id: str) -> SessionRecord | None:
        """Return one session, or None."""
        row = conn.execute(_records().where(Session.id == session_id)).one_or_none()
        return _record(row) if row else None

    def update(self, conn: Connection, session_id: str, version: int, **changes) -> bool:
        """Apply `changes` if the session is still at `version`, bumping it; return whether it was."""
        result = conn.execute(update(Session).where(Session.id == session_id, Session.version == version)
                              .values(version=Session.version + 1, **changes))
        return result.rowcount == 1

    def in_range(self, conn: Connection, start: datetime, end: datetime,
                 artist_id: str | None = None) -> list[SessionRecord]:
        """Return the sessions starting in [start, end), optionally of one artist, by start time."""
        query = _records().where(Session.starts_at >= start, Session.starts_at < end)
        if artist_id is not None:
            query = query.where(Session.artist_id == artist_id)
        return [_record(row) for row in conn.execute(query.order_by(Session.starts_at, Session.id))]

    def clashes(self, conn: Connection, *, artist_id: str, starts_at: datetime, duration_min: int,
                buffer_min: int, exclude_id: str | None = None) -> list[SessionRecord]:
        """Return the artist's live sessions closer than `buffer_min` to the given slot, by start."""
        # A session can last at most MAX_DURATION, so only starts in this window can reach the slot;
        # the bounded range keeps the lookup on ix_sessions_artist_start.
        earliest = starts_at - timedelta(minutes=MAX_DURATION + buffer_min)
        latest = starts_at + timedelta(minutes=duration_min + buffer_min)
        query = _records().where(and_(Session.artist_id == artist_id, Session.status.in_(LIVE_STATUSES),
                                      Session.starts_at > earliest, Session.starts_at < latest))
        if exclude_id is not None:
            query = query.where(Session.id != exclude_id)
        found = [_record(row) for row in conn.execute(query.order_by(Session.starts_at))]
        return [s for s in found if overlaps(s.starts_at, s.duration_min, starts_at, duration_min, buffer_min)]

    def booking_client(self, conn: Connection, client_id: str) -> BookingClient | None:
        """Return what booking needs to know about a client, or None if there is no such client."""
        row = conn.execute(select(Client.id, Client.birth_date, Client.anonymised_at.is_not(None))
                           .where(Client.id == client_id)).one_or_none()
        return BookingClient(row[0], row[1], bool(row[2])) if row else None
