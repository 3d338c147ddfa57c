"""/api/users: accounts (admin only; the service decides)."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.contract.common import Done
from app.contract.users import ArtistOut, LanguageIn, PasswordResetIn, RekeyOut, UserCreateIn, UserOut, UserUpdateIn
from app.core.i18n import _
from app.services.studio.rekey import LEAVER_NOTE, Rekeyed

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


@endpoint(users, "PUT", "/me/language", policy="user", body=LanguageIn, response=UserOut,
          summary="The language of your own screens (null: the studio's).")
def set_my_language(body: LanguageIn):
    me = current_user()
    return UserOut.model_validate(services().users.set_language(me, me.id, body.language))


@endpoint(users, "PUT", "/<user_id>/language", policy="user", body=LanguageIn, response=UserOut,
          summary="The language of an account's own screens (yours, or anyone's for an admin).")
def set_user_language(user_id: str, body: LanguageIn):
    return UserOut.model_validate(services().users.set_language(current_user(), user_id, body.language))


@endpoint(users, "POST", "/<user_id>/password", policy="admin", summary="Give an account a new password.",
          body=PasswordResetIn, response=Done)
def reset_password(user_id: str, body: PasswordResetIn):
    services().users.reset_password(current_user(), user_id, body.password)
    return Done()


def _rekeyed(done: Rekeyed, note: str) -> RekeyOut:
    report = done.report
    return RekeyOut(user=UserOut.model_validate(done.user), seconds=round(report.seconds, 2),
                    reset_needed=list(report.reset_needed), recovery_code=report.recovery_code,
                    backup_files_cleaned=report.backup_files_cleaned, mirror_cleaned=report.mirror_cleaned, note=note)


@endpoint(users, "POST", "/<user_id>/deactivate", policy="admin", response=RekeyOut,
          summary="Deactivate an account and shut it out: the studio gets a new key, its slot leaves every key file.")
def deactivate_user(user_id: str):
    return _rekeyed(services().users.deactivate(current_user(), user_id), _(LEAVER_NOTE))


@endpoint(users, "POST", "/<user_id>/leaked", policy="admin", body=PasswordResetIn, response=RekeyOut,
          summary="This password leaked: give the account a new password and the studio a new key.")
def password_leaked(user_id: str, body: PasswordResetIn):
    done = services().users.password_leaked(current_user(), user_id, body.password)
    return _rekeyed(done, _("The leaked password opens nothing made from now on; backups taken before today "
                            "still open with it, if someone kept copies of them."))
