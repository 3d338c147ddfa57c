"""Intake codes and pending registrations: codes are found by their hash; pending entries are deleted whole."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from app.db.models import Client as ClientRow
from app.db.models import IntakeCode as CodeRow
from app.db.models import IntakeConsent
from app.db.models import PendingRegistration as PendingRow_
from app.db.types import new_id
from app.domain.intake import IntakeCode, PendingRow

_CODE = (CodeRow.id, CodeRow.kind, CodeRow.session_id, CodeRow.created_by, CodeRow.created_at, CodeRow.expires_at,
         CodeRow.used_at, CodeRow.revoked_at)
_PENDING = (PendingRow_.id, PendingRow_.code_id, PendingRow_.kind, PendingRow_.session_id, PendingRow_.fields,
            PendingRow_.signature_png, PendingRow_.guardian_signature_png, PendingRow_.form_version,
            PendingRow_.signed_at, PendingRow_.remote_addr, PendingRow_.user_agent, PendingRow_.created_at)


def _pending(row) -> PendingRow:
    values = list(row)
    values[4] = json.loads(values[4])
    return PendingRow(*values)


class IntakeRepository:
    """Read and write intake codes and pending entries on a connection the service holds."""

    def add_code(self, conn: Connection, *, code_hash: str, kind: str, session_id: str | None, created_by: str,
                 created_at: datetime, expires_at: datetime) -> IntakeCode:
        """Store a new code's hash and return its record."""
        code_id = new_id()
        conn.execute(insert(CodeRow).values(id=code_id, code_hash=code_hash, kind=kind, session_id=session_id,
                                            created_by=created_by, created_at=created_at, expires_at=expires_at))
        return self.code(conn, code_id)  # type: ignore[return-value]

    def code(self, conn: Connection, code_id: str) -> IntakeCode | None:
        """Return the code with this id, or None."""
        row = conn.execute(select(*_CODE).where(CodeRow.id == code_id)).one_or_none()
        return IntakeCode(*row) if row else None

    def code_by_hash(self, conn: Connection, code_hash: str) -> IntakeCode | None:
        """Return the code whose hash this is, or None."""
        row = conn.execute(select(*_CODE).where(CodeRow.code_hash == code_hash)).one_or_none()
        return IntakeCode(*row) if row else None

    def mark_used(self, conn: Connection, code_id: str, at: datetime) -> bool:
        """Mark a code used unless it already was; return whether this call did it."""
        done = conn.execute(update(CodeRow).where(CodeRow.id == code_id, CodeRow.used_at.is_(None))
                            .values(used_at=at))
        return done.rowcount == 1

    def revoke(self, conn: Connection, code_id: str, at: datetime) -> None:
        """Revoke a code now."""
        conn.execute(update(CodeRow).where(CodeRow.id == code_id, CodeRow.revoked_at.is_(None))
                     .values(revoked_at=at))

    def open_codes(self, conn: Connection, now: datetime) -> list[IntakeCode]:
        """Codes still usable now: not revoked, not expired, and (unless a kiosk's) not used."""
        stmt = (select(*_CODE).where(CodeRow.revoked_at.is_(None), CodeRow.expires_at > now,
                                     or_(CodeRow.used_at.is_(None), CodeRow.kind == "kiosk"))
                .order_by(CodeRow.expires_at))
        return [IntakeCode(*row) for row in conn.execute(stmt)]

    def add_pending(self, conn: Connection, *, code_id: str, kind: str, session_id: str | None,
                    fields: dict[str, str], signature_png: bytes, guardian_signature_png: bytes | None,
                    form_version: str, signed_at: datetime, remote_addr: str, user_agent: str) -> str:
        """Store what a phone sent; return the pending entry's id."""
        pending_id = new_id()
        conn.execute(insert(PendingRow_).values(
            id=pending_id, code_id=code_id, kind=kind, session_id=session_id, fields=json.dumps(fields),
            signature_png=signature_png, guardian_signature_png=guardian_signature_png, form_version=form_version,
            signed_at=signed_at, remote_addr=remote_addr[:64], user_agent=user_agent[:300]))
        return pending_id

    def pending(self, conn: Connection) -> list[PendingRow]:
        """Every pending entry, oldest first."""
        return [_pending(row) for row in conn.execute(select(*_PENDING).order_by(PendingRow_.created_at))]

    def pending_one(self, conn: Connection, pending_id: str) -> PendingRow | None:
        """The pending entry with this id, or None."""
        row = conn.execute(select(*_PENDING).where(PendingRow_.id == pending_id)).one_or_none()
        return _pending(row) if row else None

    def delete_pending(self, conn: Connection, pending_id: str) -> None:
        """Delete a pending entry whole (accepted into the records, or rejected); its pages are overwritten with
        zeros (secure_delete), so no decrypted copy of the database holds the content afterwards."""
        conn.exec_driver_sql("PRAGMA secure_delete = ON")
        conn.execute(delete(PendingRow_).where(PendingRow_.id == pending_id))

    def clients_with_email(self, conn: Connection, email: str) -> list[str]:
        """Ids of clients (not anonymised) with this email address, in any case."""
        if not email.strip():
            return []
        stmt = select(ClientRow.id).where(func.lower(ClientRow.email) == email.strip().lower(),
                                          ClientRow.anonymised_at.is_(None))
        return list(conn.execute(stmt).scalars())

    def add_consent(self, conn: Connection, **values) -> str:
        """Keep the consent signed on a phone (with where it came from); return its id."""
        consent_id = new_id()
        conn.execute(insert(IntakeConsent).values(id=consent_id, **values))
        return consent_id

    def erase_consents(self, conn: Connection, client_id: str) -> int:
        """Clear the personal parts of a client's phone-signed consents (anonymisation); return how many rows."""
        conn.exec_driver_sql("PRAGMA secure_delete = ON")
        return conn.execute(update(IntakeConsent).where(IntakeConsent.client_id == client_id).values(
            signature_png=None, guardian_signature_png=None, guardian_name=None, guardian_relation=None,
            remote_addr="", user_agent="")).rowcount

    def consents_of(self, conn: Connection, client_id: str) -> list[dict]:
        """The phone-signed consents of a client, oldest first (signature image excluded)."""
        stmt = (select(IntakeConsent.id, IntakeConsent.session_id, IntakeConsent.form_version,
                       IntakeConsent.signed_at, IntakeConsent.remote_addr, IntakeConsent.user_agent,
                       IntakeConsent.guardian_name, IntakeConsent.accepted_by)
                .where(IntakeConsent.client_id == client_id).order_by(IntakeConsent.signed_at))
        return [dict(row._mapping) for row in conn.execute(stmt)]
