"""StudioClient: the API's areas as typed methods, grouped as the UI's screens use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from app.client.assistant import AssistantApi
from app.client.backups import BackupsApi
from app.client.clients import ClientsApi
from app.client.consents import ConsentsApi
from app.client.http import ApiSession
from app.client.inks import InksApi
from app.client.intake import IntakeApi
from app.client.models import (
    Done,
    LoginIn,
    LoginOut,
    PasswordChangeIn,
    StudioCreatedOut,
    StudioCreateIn,
    UserOut,
)
from app.client.plugin_hooks import PluginHooksApi
from app.client.plugins import PluginsApi
from app.client.register import RegisterApi
from app.client.reports import ReportsApi
from app.client.sessions import SessionsApi
from app.client.settings import SettingsCalls
from app.client.sync import SyncApi
from app.client.users import UsersCalls


class StudioClient(UsersCalls, SettingsCalls):
    """Talk to one studio's API (this computer's, or another studio computer's)."""

    def __init__(self, base_url: str | Callable[[], str], timeout: float = 15.0,
                 transport: httpx.BaseTransport | None = None):
        """`base_url`: the API's address, or a call that returns it once the API answers (see ApiSession)."""
        self.session = ApiSession(base_url, timeout, transport)
        self.clients = ClientsApi(self.session)
        self.consents = ConsentsApi(self.session)
        self.sessions = SessionsApi(self.session)
        self.inks = InksApi(self.session)
        self.register = RegisterApi(self.session)
        self.reports = ReportsApi(self.session)
        self.backups = BackupsApi(self.session)
        self.plugin_hooks = PluginHooksApi(self.session)
        self.intake = IntakeApi(self.session)
        self.plugins = PluginsApi(self.session)
        self.assistant = AssistantApi(self.session)
        self.sync = SyncApi(self.session)

    def close(self) -> None:
        """Close the connection."""
        self.session.close()

    # --- who you are -------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """Is the server up, and is there a studio on its stick?"""
        return self.session.call("GET", "/api/health", dict[str, Any])

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
