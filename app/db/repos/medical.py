"""Medical profiles access: versions are only ever added; the highest version is current."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.orm import aliased

from app.db.models import MedicalProfile as ProfileRow
from app.db.types import new_id
from app.domain.clients import MedicalProfile

_COLUMNS = (ProfileRow.id, ProfileRow.client_id, ProfileRow.version, ProfileRow.allergies, ProfileRow.conditions,
            ProfileRow.medications, ProfileRow.skin_notes, ProfileRow.pregnancy, ProfileRow.free_text,
            ProfileRow.recorded_by, ProfileRow.created_at)


class MedicalRepository:
    """Add and read versions of clients' medical questionnaires."""

    def add_version(self, conn: Connection, client_id: str, recorded_by: str, **answers) -> MedicalProfile:
        """Insert the next version of this client's profile and return it."""
        latest = conn.execute(select(func.max(ProfileRow.version))
                              .where(ProfileRow.client_id == client_id)).scalar_one()
        profile_id = new_id()
        conn.execute(insert(ProfileRow).values(id=profile_id, client_id=client_id, version=(latest or 0) + 1,
                                               recorded_by=recorded_by, **answers))
        row = conn.execute(select(*_COLUMNS).where(ProfileRow.id == profile_id)).one()
        return MedicalProfile(*row)

    def current(self, conn: Connection, client_id: str) -> MedicalProfile | None:
        """Return the client's highest version, or None if no questionnaire is on file."""
        row = conn.execute(select(*_COLUMNS).where(ProfileRow.client_id == client_id)
                           .order_by(ProfileRow.version.desc()).limit(1)).one_or_none()
        return MedicalProfile(*row) if row else None

    def current_of(self, conn: Connection, client_ids: Iterable[str]) -> dict[str, MedicalProfile]:
        """Return the current profile of each of these clients that has one, by client id."""
        ids = list(client_ids)
        if not ids:
            return {}
        newer = aliased(ProfileRow)
        latest = (select(func.max(newer.version)).where(newer.client_id == ProfileRow.client_id)
                  .scalar_subquery())
        stmt = select(*_COLUMNS).where(ProfileRow.client_id.in_(ids), ProfileRow.version == latest)
        return {row.client_id: MedicalProfile(*row) for row in conn.execute(stmt)}

    def versions(self, conn: Connection, client_id: str) -> list[MedicalProfile]:
        """Return every version of the client's profile, oldest first."""
        stmt = select(*_COLUMNS).where(ProfileRow.client_id == client_id).order_by(ProfileRow.version)
        return [MedicalProfile(*row) for row in conn.execute(stmt)]

    def delete_all(self, conn: Connection, client_id: str) -> int:
        """Delete every version of the client's profile (anonymisation); return how many went."""
        return conn.execute(delete(ProfileRow).where(ProfileRow.client_id == client_id)).rowcount
