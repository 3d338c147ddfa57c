"""Audit trail access: who did what to which record, never medical content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from app.db.models import AuditEvent


class AuditRepository:
    """Append audit events."""

    def record(self, conn: Connection, *, at: datetime, actor_id: str | None, action: str,
               entity: str, entity_id: str | None, summary: str = "") -> None:
        """Append one event."""
        conn.execute(insert(AuditEvent).values(at=at, actor_id=actor_id, action=action,
                                               entity=entity, entity_id=entity_id, summary=summary))

    def count(self, conn: Connection) -> int:
        """Return how many events exist."""
        return conn.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
