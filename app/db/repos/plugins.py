"""Plugin approvals: one row per plugin name, holding the SHA-256 an admin approved."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from app.db.models import PluginApproval as Row
from app.db.models import User
from app.domain.plugins import PluginApproval


class PluginApprovalRepository:
    """Read and write the approvals."""

    def all(self, conn: Connection) -> list[PluginApproval]:
        """Every approval, by name, with the approving admin's username."""
        query = (select(Row.name, Row.sha256, Row.approved_by, User.username, Row.approved_at, Row.enabled)
                 .outerjoin(User, User.id == Row.approved_by).order_by(Row.name))
        return [PluginApproval(*row) for row in conn.execute(query)]

    def approve(self, conn: Connection, *, name: str, sha256: str, by: str, at: datetime) -> None:
        """Enable `name` pinned to `sha256`, replacing an earlier approval of it."""
        found = conn.execute(select(Row.id).where(Row.name == name)).scalar_one_or_none()
        values = {"sha256": sha256, "approved_by": by, "approved_at": at, "enabled": True}
        if found is None:
            conn.execute(insert(Row).values(name=name, **values))
        else:
            conn.execute(update(Row).where(Row.id == found).values(**values))

    def disable(self, conn: Connection, name: str) -> bool:
        """Switch `name` off; False if it was never approved."""
        return conn.execute(update(Row).where(Row.name == name).values(enabled=False)).rowcount > 0
