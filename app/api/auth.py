"""POST /api/auth/login, /logout, /password: who you are, and ending or changing it."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.api.routing import container, current_user, endpoint, services
from app.contract.common import Done
from app.contract.users import LoginIn, LoginOut, PasswordChangeIn, UserOut

auth = Blueprint("auth", __name__, url_prefix="/api/auth")


@endpoint(auth, "POST", "/login", policy="public", summary="Log in; the first login unlocks the studio.",
          body=LoginIn, response=LoginOut)
def login(body: LoginIn):
    user = container().login(body.username, body.password)
    token = current_app.config["TOKENS"].issue(user, container().clock.now())
    return LoginOut(token=token, user=UserOut.model_validate(user))


@endpoint(auth, "POST", "/logout", policy="user", summary="End every login of the current user.",
          response=Done)
def logout():
    services().users.log_out(current_user())
    return Done()


@endpoint(auth, "GET", "/me", policy="user", summary="The logged-in user.", response=UserOut)
def me():
    return UserOut.model_validate(current_user())


@endpoint(auth, "POST", "/password", policy="user", summary="Change your own password.",
          body=PasswordChangeIn, response=Done)
def change_password(body: PasswordChangeIn):
    services().users.change_own_password(current_user(), body.current_password, body.new_password)
    return Done()
