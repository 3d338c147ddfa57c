"""Audit trail access: who did what to which record, never medical content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from app.db.models import AuditEvent, User
from app.domain.records import AuditEntry


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

    def recent(self, conn: Connection, *, since: datetime | None, until: datetime | None,
               entity: str | None, limit: int) -> list[AuditEntry]:
        """Return the newest events first, filtered, with the actor's username."""
        query = (select(AuditEvent.id, AuditEvent.at, AuditEvent.actor_id, User.username, AuditEvent.action,
                        AuditEvent.entity, AuditEvent.entity_id, AuditEvent.summary)
                 .outerjoin(User, User.id == AuditEvent.actor_id)
                 .order_by(AuditEvent.at.desc(), AuditEvent.id).limit(limit))
        if since is not None:
            query = query.where(AuditEvent.at >= since)
        if until is not None:
            query = query.where(AuditEvent.at < until)
        if entity:
            query = query.where(AuditEvent.entity == entity)
        return [AuditEntry(*row) for row in conn.execute(query)]
