"""Reads for the printable documents: a session's head, one consent with its signature, a range of day closes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from app.db.models import Client, Session, User
from app.db.models import Consent as ConsentRow
from app.db.models import RegisterDay as RegisterDayRow
from app.db.repos.consents import _COLUMNS as CONSENT_COLUMNS
from app.db.repos.consents import _consent
from app.db.repos.read_back import read_back
from app.db.repos.register import _COLUMNS as DAY_COLUMNS
from app.db.repos.register import _record
from app.domain.documents import ConsentRecord, SessionHead
from app.domain.register import RegisterDay

_HEAD = (Session.id, Session.client_id, Client.first_name, Client.last_name, Client.birth_date, Session.starts_at,
         Session.placement, User.display_name)


def _head(row) -> SessionHead:
    session_id, client_id, first, last, born, starts_at, placement, artist = row
    return SessionHead(session_id, client_id, f"{first} {last}".strip(), born, starts_at, placement or "", artist)


def _head_query():
    return (select(*_HEAD).join(Client, Client.id == Session.client_id)
            .join(User, User.id == Session.artist_id))


class DocumentRepository:
    """Read what the ink passport, consent record and accountant's day closes print."""

    def session_head(self, conn: Connection, session_id: str) -> SessionHead | None:
        """Return the session with its client and artist names, or None."""
        row = conn.execute(_head_query().where(Session.id == session_id)).one_or_none()
        return _head(row) if row else None

    def consent_record(self, conn: Connection, consent_id: str) -> ConsentRecord | None:
        """Return one consent with its session head, signature image and recorder's name, or None."""
        row = conn.execute(select(*CONSENT_COLUMNS, ConsentRow.signature_png)
                           .where(ConsentRow.id == consent_id)).one_or_none()
        if row is None:
            return None
        consent = _consent(row)
        head = read_back(self.session_head(conn, consent.session_id), "consent's session")
        recorder = (conn.execute(select(User.display_name).where(User.id == consent.recorded_by)).scalar_one_or_none()
                    if consent.recorded_by else None)
        return ConsentRecord(consent, head, row[-1], recorder)

    def day_closes(self, conn: Connection, start: date, end: date) -> list[RegisterDay]:
        """Every stored register day of start..end, in day order."""
        query = select(*DAY_COLUMNS).where(RegisterDayRow.day.between(start, end)).order_by(RegisterDayRow.day)
        return [_record(row) for row in conn.execute(query)]
