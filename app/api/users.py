"""/api/users: accounts (admin only; the service decides)."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.api.schemas.common import Done
from app.api.schemas.users import ArtistOut, PasswordResetIn, UserCreateIn, UserOut, UserUpdateIn

users = Blueprint("users", __name__, url_prefix="/api/users")
artists = Blueprint("artists", __name__, url_prefix="/api/artists")


@endpoint(artists, "GET", "", policy="user", summary="The active artists (who can be booked).",
          response=list[ArtistOut])
def list_artists():
    return [ArtistOut.model_validate(u) for u in services().users.artists(current_user())]


@endpoint(users, "GET", "", policy="admin", summary="Every account.", response=list[UserOut])
def list_users():
    return [UserOut.model_validate(u) for u in services().users.list_users(current_user())]


@endpoint(users, "POST", "", policy="admin", summary="Add an account.", body=UserCreateIn,
          response=UserOut, status=201)
def create_user(body: UserCreateIn):
    return UserOut.model_validate(services().users.create(current_user(), **body.model_dump()))


@endpoint(users, "GET", "/<user_id>", policy="user", summary="One account (your own, or any for an admin).",
          response=UserOut)
def get_user(user_id: str):
    return UserOut.model_validate(services().users.get(current_user(), user_id))


@endpoint(users, "PATCH", "/<user_id>", policy="admin", summary="Change role, details or active flag.",
          body=UserUpdateIn, response=UserOut)
def update_user(user_id: str, body: UserUpdateIn):
    changes = body.model_dump(exclude_unset=True)
    return UserOut.model_validate(services().users.update(current_user(), user_id, **changes))


@endpoint(users, "POST", "/<user_id>/password", policy="admin", summary="Give an account a new password.",
          body=PasswordResetIn, response=Done)
def reset_password(user_id: str, body: PasswordResetIn):
    services().users.reset_password(current_user(), user_id, body.password)
    return Done()
