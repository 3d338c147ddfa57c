"""Login, logout and user accounts."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.contract.common import Out, Strict
from app.core.i18n import LANGUAGES

Role = Literal["admin", "staff"]


class LoginIn(Strict):
    """A user's name and password."""
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(Out):
    """An account (never its password)."""
    id: str
    username: str
    display_name: str
    role: Role
    is_artist: bool
    commission_pct: int
    active: bool
    language: str | None = None  # the language of this account's own screens; None: the studio's


class LanguageIn(Strict):
    """The language of your own screens: a code such as "de", or null for the studio's language."""
    # the document names the languages there are (the service still refuses others with a sentence)
    language: str | None = Field(max_length=8, json_schema_extra={"enum": [*LANGUAGES, None]})


class RekeyOut(Out):
    """A re-key that shut an old key out: the account, how long the database waited, what to tell people."""

    user: UserOut
    seconds: float
    reset_needed: list[str]
    recovery_code: str | None
    backup_files_cleaned: int
    mirror_cleaned: bool
    note: str


class LoginOut(Out):
    """The token to send as `Authorization: Bearer ...`, and who it belongs to."""
    token: str
    user: UserOut


class UserCreateIn(Strict):
    """A new account with its first password."""
    username: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
    display_name: str = Field(min_length=1, max_length=120)
    role: Role
    password: str = Field(min_length=8, max_length=1024)
    is_artist: bool = False
    commission_pct: int = Field(default=0, ge=0, le=100)


class UserUpdateIn(Strict):
    """The account details to change."""
    display_name: str | None = Field(default=None, min_length=1, max_length=120)
    role: Role | None = None
    is_artist: bool | None = None
    commission_pct: int | None = Field(default=None, ge=0, le=100)
    active: bool | None = None


class PasswordResetIn(Strict):
    """A new password that an admin gives an account."""
    password: str = Field(min_length=8, max_length=1024)


class PasswordChangeIn(Strict):
    """Your current password and the new one."""
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class ArtistOut(Out):
    """An artist, as the booking screens list them."""
    id: str
    display_name: str


class StudioCreateIn(Strict):
    """A new studio on an empty stick and its first admin."""
    studio_name: str = Field(min_length=1, max_length=120)
    currency: str = Field(pattern=r"^[A-Za-z]{3}$")
    timezone: str = Field(min_length=1, max_length=64)
    admin_username: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
    admin_display_name: str = Field(default="", max_length=120)
    admin_password: str = Field(min_length=8, max_length=1024)


class StudioCreatedOut(Out):
    """The recovery code (shown once), and the first admin's login."""
    recovery_code: str
    token: str
    user: UserOut
