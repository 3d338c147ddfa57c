"""Who may do what: the role checks every service calls before it acts."""

from __future__ import annotations

from app.domain.errors import AuthError, ForbiddenError
from app.domain.records import User


def require_user(actor: User | None) -> User:
    """Return the actor if signed in and active, else refuse."""
    if actor is None:
        raise AuthError("Log in first.")
    if not actor.active:
        raise AuthError(f"The account '{actor.username}' is deactivated. Ask an admin to reactivate it.")
    return actor


def require_admin(actor: User | None, doing: str) -> User:
    """Return the actor if an admin, else say that `doing` is for admins."""
    user = require_user(actor)
    if not user.is_admin:
        raise ForbiddenError(f"Only an admin can {doing}.")
    return user
