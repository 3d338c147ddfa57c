"""POST /api/studio: the first-run wizard creates the studio on an empty stick (refused once one exists)."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.api.routing import container, endpoint
from app.contract.users import StudioCreatedOut, StudioCreateIn, UserOut
from app.domain.records import StudioSettings

studio = Blueprint("studio", __name__, url_prefix="/api/studio")


@endpoint(studio, "POST", "", policy="public", status=201, body=StudioCreateIn, response=StudioCreatedOut,
          summary="Create the studio and its first admin on an empty stick; the recovery code is shown once.")
def create_studio(body: StudioCreateIn):
    settings = StudioSettings(studio_name=body.studio_name, currency=body.currency.upper(), timezone=body.timezone)
    user, code = container().create_studio(settings, body.admin_username, body.admin_password,
                                           body.admin_display_name or body.admin_username)
    token = current_app.config["TOKENS"].issue(user, container().clock.now())
    return StudioCreatedOut(recovery_code=code, token=token, user=UserOut.model_validate(user))
