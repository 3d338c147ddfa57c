"""Consents access: append-only records; the signature image is read only when asked for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from app.db.models import Client, Session, User
from app.db.models import Consent as ConsentRow
from app.db.types import new_id
from app.domain.clients import Consent, ConsentEntry, ConsentTarget

_COLUMNS = (ConsentRow.id, ConsentRow.session_id, ConsentRow.client_id, ConsentRow.form_version,
            ConsentRow.signed_at, ConsentRow.signature_png.is_not(None), ConsentRow.guardian_name,
            ConsentRow.guardian_relation, ConsentRow.recorded_by)


def _consent(row) -> Consent:
    values = list(row[:len(_COLUMNS)])
    values[5] = bool(values[5])
    return Consent(*values)


class ConsentRepository:
    """Append and read consents; there is no update of a signed record, only erasure of personal parts."""

    def target(self, conn: Connection, session_id: str) -> ConsentTarget | None:
        """Return the session a consent would cover, or None if there is no such session."""
        row = conn.execute(select(Session.id, Session.client_id, Session.starts_at, Session.status)
                           .where(Session.id == session_id)).one_or_none()
        return ConsentTarget(*row) if row else None

    def add(self, conn: Connection, *, session_id: str, client_id: str, form_version: str, signed_at: datetime,
            signature_png: bytes, guardian_name: str | None, guardian_relation: str | None,
            recorded_by: str) -> Consent:
        """Append one signed consent and return it."""
        consent_id = new_id()
        conn.execute(insert(ConsentRow).values(
            id=consent_id, session_id=session_id, client_id=client_id, form_version=form_version,
            signed_at=signed_at, signature_png=signature_png, guardian_name=guardian_name,
            guardian_relation=guardian_relation, recorded_by=recorded_by))
        return _consent(conn.execute(select(*_COLUMNS).where(ConsentRow.id == consent_id)).one())

    def of_client(self, conn: Connection, client_id: str) -> list[Consent]:
        """Return the client's consents, newest first."""
        stmt = (select(*_COLUMNS).where(ConsentRow.client_id == client_id)
                .order_by(ConsentRow.signed_at.desc()))
        return [_consent(row) for row in conn.execute(stmt)]

    def signatures(self, conn: Connection, client_id: str) -> dict[str, bytes]:
        """Return the signature images of the client's consents, by consent id."""
        stmt = select(ConsentRow.id, ConsentRow.signature_png).where(
            ConsentRow.client_id == client_id, ConsentRow.signature_png.is_not(None))
        return {consent_id: png for consent_id, png in conn.execute(stmt) if png is not None}

    def listing(self, conn: Connection, *, starts_from: datetime | None, starts_before: datetime | None,
                artist_id: str | None) -> list[ConsentEntry]:
        """Return consents whose session starts in [starts_from, starts_before), for one artist or all."""
        stmt = (select(*_COLUMNS, Client.first_name, Client.last_name, Client.birth_date, Session.starts_at,
                       Session.artist_id, User.display_name, Session.placement)
                .join(Session, Session.id == ConsentRow.session_id)
                .join(Client, Client.id == ConsentRow.client_id)
                .join(User, User.id == Session.artist_id)
                .order_by(Session.starts_at, ConsentRow.signed_at))
        if starts_from is not None:
            stmt = stmt.where(Session.starts_at >= starts_from)
        if starts_before is not None:
            stmt = stmt.where(Session.starts_at < starts_before)
        if artist_id is not None:
            stmt = stmt.where(Session.artist_id == artist_id)
        entries = []
        for row in conn.execute(stmt):
            first, last, born, starts_at, artist, artist_name, placement = tuple(row)[len(_COLUMNS):]
            entries.append(ConsentEntry(_consent(row), f"{first} {last}", born, starts_at, artist,
                                        artist_name, placement))
        return entries

    def erase_personal(self, conn: Connection, client_id: str) -> int:
        """Clear signature images and guardian details of the client's consents; return how many rows."""
        return conn.execute(update(ConsentRow).where(ConsentRow.client_id == client_id).values(
            signature_png=None, guardian_name=None, guardian_relation=None)).rowcount
