"""Users table access."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from app.db.models import User as UserRow
from app.db.repos.read_back import read_back
from app.db.types import new_id
from app.domain.records import User

_COLUMNS = (UserRow.id, UserRow.username, UserRow.display_name, UserRow.role, UserRow.is_artist,
            UserRow.commission_pct, UserRow.token_version, UserRow.active, UserRow.language)


class UserRepository:
    """Read and write users on a connection the service holds."""

    def add(self, conn: Connection, *, username: str, display_name: str, role: str,
            is_artist: bool = False, commission_pct: int = 0) -> User:
        """Insert a user and return it."""
        user_id = new_id()
        conn.execute(insert(UserRow).values(
            id=user_id, username=username, display_name=display_name, role=role,
            is_artist=is_artist, commission_pct=commission_pct))
        return read_back(self.get(conn, user_id), "user")

    def get(self, conn: Connection, user_id: str) -> User | None:
        """Return the user with this id, or None."""
        row = conn.execute(select(*_COLUMNS).where(UserRow.id == user_id)).one_or_none()
        return User(*row) if row else None

    def by_username(self, conn: Connection, username: str) -> User | None:
        """Return the user with this username (any case), or None."""
        row = conn.execute(select(*_COLUMNS).where(UserRow.username == username)).one_or_none()
        return User(*row) if row else None

    def bump_token_version(self, conn: Connection, user_id: str) -> None:
        """Invalidate every token issued to this user so far."""
        conn.execute(update(UserRow).where(UserRow.id == user_id)
                     .values(token_version=UserRow.token_version + 1))

    def set_active(self, conn: Connection, user_id: str, active: bool) -> None:
        """Activate or deactivate a user."""
        conn.execute(update(UserRow).where(UserRow.id == user_id).values(active=active))

    def list_all(self, conn: Connection) -> list[User]:
        """Return every user, active ones first, then by username."""
        rows = conn.execute(select(*_COLUMNS).order_by(UserRow.active.desc(), UserRow.username))
        return [User(*row) for row in rows]

    def update(self, conn: Connection, user_id: str, **changes) -> None:
        """Change the given columns of one user."""
        if changes:
            conn.execute(update(UserRow).where(UserRow.id == user_id).values(**changes))

    def count(self, conn: Connection) -> int:
        """Return how many users exist."""
        return conn.execute(select(func.count()).select_from(UserRow)).scalar_one()
