"""The Admin users screen's calls: accounts, password resets, deactivation and re-keying (app/api/users.py)."""

from __future__ import annotations

from app.client.http import ApiSession
from app.client.models import (
    Done,
    LanguageIn,
    PasswordResetIn,
    RekeyOut,
    UserCreateIn,
    UserOut,
    UserUpdateIn,
)

REKEY_TIMEOUT = 300.0  # a re-key rewrites the whole database: seconds on a big studio, more on a slow stick


class UsersCalls:
    """The /api/users calls, mixed into StudioClient (which owns `session`)."""

    session: ApiSession

    def list_users(self) -> list[UserOut]:
        """Return every account."""
        return self.session.call("GET", "/api/users", list[UserOut])

    def create_user(self, user: UserCreateIn) -> UserOut:
        """Add an account and return it."""
        return self.session.call("POST", "/api/users", UserOut, json=user)

    def update_user(self, user_id: str, changes: UserUpdateIn) -> UserOut:
        """Change an account's details, role or active flag and return it."""
        return self.session.call("PATCH", f"/api/users/{user_id}", UserOut, json=changes)

    def set_my_language(self, language: str | None) -> UserOut:
        """Choose the language of your own screens (None: the studio's) and return your account."""
        return self.session.call("PUT", "/api/users/me/language", UserOut, json=LanguageIn(language=language))

    def set_user_language(self, user_id: str, language: str | None) -> UserOut:
        """Choose the language of an account's own screens (an admin, or yourself) and return it."""
        return self.session.call("PUT", f"/api/users/{user_id}/language", UserOut, json=LanguageIn(language=language))

    def reset_password(self, user_id: str, password: str) -> None:
        """Give an account a new password; its logins end."""
        self.session.call("POST", f"/api/users/{user_id}/password", Done, json=PasswordResetIn(password=password))

    def deactivate_user(self, user_id: str) -> RekeyOut:
        """Deactivate an account and renew the studio's key (takes seconds on a big studio)."""
        return self.session.call("POST", f"/api/users/{user_id}/deactivate", RekeyOut, timeout=REKEY_TIMEOUT)

    def password_leaked(self, user_id: str, new_password: str) -> RekeyOut:
        """Give an account whose password leaked a new one and renew the studio's key."""
        return self.session.call("POST", f"/api/users/{user_id}/leaked", RekeyOut,
                                 json=PasswordResetIn(password=new_password), timeout=REKEY_TIMEOUT)
