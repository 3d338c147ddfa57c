"""StudioClient: the API's areas as typed methods, grouped as the UI's screens use them."""

from __future__ import annotations

from app.client.areas import ClientsApi, MoneyApi, SessionsApi
from app.client.documents import BackupsApi, ReportsApi
from app.client.http import ApiSession
from app.client.models import (
    ArtistOut,
    AuditOut,
    Done,
    LoginIn,
    LoginOut,
    PasswordChangeIn,
    PasswordResetIn,
    RekeyOut,
    SettingsIn,
    SettingsOut,
    StudioCreatedOut,
    StudioCreateIn,
    UserCreateIn,
    UserOut,
    UserUpdateIn,
)

REKEY_TIMEOUT = 300.0  # a re-key rewrites the whole database: seconds on a big studio, more on a slow stick


class StudioClient:
    """Talk to one studio's API (this computer's, or another studio computer's)."""

    def __init__(self, base_url: str, **options):
        self.session = ApiSession(base_url, **options)
        self.clients = ClientsApi(self.session)
        self.sessions = SessionsApi(self.session)
        self.money = MoneyApi(self.session)
        self.reports = ReportsApi(self.session)
        self.backups = BackupsApi(self.session)

    def close(self) -> None:
        """Close the connection."""
        self.session.close()

    # --- who you are -------------------------------------------------------------------
    def health(self) -> dict:
        """Is the server up, and is there a studio on its stick?"""
        return self.session.call("GET", "/api/health", dict)

    def create_studio(self, wizard: StudioCreateIn) -> StudioCreatedOut:
        """Create the studio on an empty stick, logged in as its admin; the answer holds the recovery code."""
        answer: StudioCreatedOut = self.session.call("POST", "/api/studio", StudioCreatedOut, json=wizard)
        self.session.token = answer.token
        return answer

    def login(self, username: str, password: str) -> UserOut:
        """Log in (unlocking the studio if needed) and keep the token for later calls."""
        answer: LoginOut = self.session.call("POST", "/api/auth/login", LoginOut,
                                             json=LoginIn(username=username, password=password))
        self.session.token = answer.token
        return answer.user

    def logout(self) -> None:
        """End this user's logins and forget the token."""
        self.session.call("POST", "/api/auth/logout", Done)
        self.session.token = None

    def me(self) -> UserOut:
        """The logged-in user."""
        return self.session.call("GET", "/api/auth/me", UserOut)

    def change_password(self, current: str, new: str) -> None:
        """Change your own password (other logins of yours end)."""
        self.session.call("POST", "/api/auth/password", Done,
                          json=PasswordChangeIn(current_password=current, new_password=new))

    # --- users and settings (admin) ----------------------------------------------------
    def list_users(self) -> list[UserOut]:
        return self.session.call("GET", "/api/users", list[UserOut])

    def create_user(self, user: UserCreateIn) -> UserOut:
        return self.session.call("POST", "/api/users", UserOut, json=user)

    def update_user(self, user_id: str, changes: UserUpdateIn) -> UserOut:
        return self.session.call("PATCH", f"/api/users/{user_id}", UserOut, json=changes)

    def reset_password(self, user_id: str, password: str) -> None:
        self.session.call("POST", f"/api/users/{user_id}/password", Done, json=PasswordResetIn(password=password))

    def deactivate_user(self, user_id: str) -> RekeyOut:
        """Deactivate an account and renew the studio's key (takes seconds on a big studio)."""
        return self.session.call("POST", f"/api/users/{user_id}/deactivate", RekeyOut, timeout=REKEY_TIMEOUT)

    def password_leaked(self, user_id: str, new_password: str) -> RekeyOut:
        """Give an account whose password leaked a new one and renew the studio's key."""
        return self.session.call("POST", f"/api/users/{user_id}/leaked", RekeyOut,
                                 json=PasswordResetIn(password=new_password), timeout=REKEY_TIMEOUT)

    def settings(self) -> SettingsOut:
        return self.session.call("GET", "/api/settings", SettingsOut)

    def update_settings(self, changes: SettingsIn) -> SettingsOut:
        return self.session.call("PATCH", "/api/settings", SettingsOut, json=changes)

    def artists(self) -> list[ArtistOut]:
        """The active artists, for the calendar and booking (any logged-in user)."""
        return self.session.call("GET", "/api/artists", list[ArtistOut])

    def audit(self, **filters) -> list[AuditOut]:
        return self.session.call("GET", "/api/audit", list[AuditOut], params=filters)
