"""Who may do what: the role checks every service calls before it acts."""

from __future__ import annotations

from app.core.i18n import _
from app.domain.errors import AuthError, ForbiddenError
from app.domain.records import User


def require_user(actor: User | None) -> User:
    """Return the actor if signed in and active, else refuse."""
    if actor is None:
        raise AuthError(_("Log in first."))
    if not actor.active:
        raise AuthError(_("The account '%(username)s' is deactivated. Ask an admin to reactivate it.",
                          username=actor.username))
    return actor


def require_admin(actor: User | None, doing: str) -> User:
    """Return the actor if an admin, else say that `doing` is for admins. `doing` is what is refused, written
    after "Only an admin can" and marked where it is written with `N_()` (it is translated here)."""
    user = require_user(actor)
    if not user.is_admin:
        # Translators: %(doing)s is one of the marked phrases such as "add users" (a verb in the infinitive).
        raise ForbiddenError(_("Only an admin can %(doing)s.", doing=_(doing)))
    return user
