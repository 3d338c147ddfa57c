"""/api/ink-lots: the studio's ink lots, with their expiry."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import current_user, endpoint, services
from app.contract.booking import InkLotIn, InkLotOut

inks = Blueprint("inks", __name__, url_prefix="/api/ink-lots")


@endpoint(inks, "POST", "", policy="user", summary="Record an ink lot.", body=InkLotIn, response=InkLotOut,
          status=201)
def create_ink_lot(body: InkLotIn):
    return InkLotOut.model_validate(services().inks.create_lot(current_user(), **body.model_dump()))


@endpoint(inks, "GET", "", policy="user", summary="Every ink lot, flagged expired as of the studio's today.",
          response=list[InkLotOut])
def list_ink_lots():
    return [InkLotOut.model_validate(lot) for lot in services().inks.list_lots(current_user())]
