"""/api/intake: open and revoke registration QR codes, the listener's state, and the pending queue (staff)."""

from __future__ import annotations

import base64
import io

import qrcode  # type: ignore[import-untyped]
from flask import Blueprint, current_app

from app.api.routing import current_user, endpoint, services
from app.contract.clients import ClientOut
from app.contract.intake import (
    AcceptIn,
    CodeIn,
    CodeOut,
    ListenerOut,
    OpenedCodeOut,
    PendingDetailOut,
    PendingOut,
)

intake = Blueprint("intake", __name__, url_prefix="/api/intake")


def listener():
    """The app's intake listener (app/api/intake_listener)."""
    return current_app.config["INTAKE"]


def qr_png(text: str) -> bytes:
    """A QR code of `text` as a PNG (black on white, a quiet zone around it)."""
    image = qrcode.make(text, box_size=10, border=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@endpoint(intake, "POST", "/codes", policy="user", body=CodeIn, response=OpenedCodeOut, status=201,
          summary="Open a registration QR code (staff; a kiosk code: admins) and start the listener phones reach.")
def open_code(body: CodeIn):
    running = listener()
    running.choose(body.address)  # refuse an unknown address before a code exists
    opened = services().intake_codes.open(current_user(), body.kind, body.session_id)
    url = f"{running.ensure_running(body.address)}/c/{opened.code}"
    png = qr_png(url)
    card = (services().documents.kiosk_card(current_user(), url, png, opened.record.expires_at)
            if body.kind == "kiosk" else None)
    return OpenedCodeOut(code=CodeOut.model_validate(opened.record), url=url,
                         qr_png_base64=base64.b64encode(png).decode("ascii"), expires_at=opened.record.expires_at,
                         card_pdf_base64=base64.b64encode(card).decode("ascii") if card else None)


@endpoint(intake, "POST", "/codes/<code_id>/revoke", policy="user", response=CodeOut,
          summary="Withdraw a code now; the listener stops once nothing is open.")
def revoke_code(code_id: str):
    code = services().intake_codes.revoke(current_user(), code_id)
    listener().check()
    return CodeOut.model_validate(code)


@endpoint(intake, "GET", "/listener", policy="user", response=ListenerOut,
          summary="Whether the listener is up, where, and whether it answers from this computer (self-test).")
def listener_state():
    running = listener()
    running.check()
    return ListenerOut(running=running.running, url=running.base_url, addresses=running.candidates(),
                       answers=running.self_test())


@endpoint(intake, "GET", "/pending", policy="user", response=list[PendingOut],
          summary="Pending registrations, oldest first, with safety flags and likely existing clients.")
def list_pending():
    return [PendingOut.model_validate(p) for p in services().pending.listing(current_user())]


@endpoint(intake, "GET", "/pending/<pending_id>", policy="user", response=PendingDetailOut,
          summary="One pending registration in full.")
def view_pending(pending_id: str):
    return PendingDetailOut.model_validate(services().pending.detail(current_user(), pending_id))


@endpoint(intake, "POST", "/pending/<pending_id>/accept", policy="user", body=AcceptIn, response=ClientOut,
          status=201, summary="Accept as a new client, or merged into client_id (a new medical version).")
def accept_pending(pending_id: str, body: AcceptIn):
    pending = services().pending
    if body.client_id is None:
        client = pending.accept_new(current_user(), pending_id)
    else:
        client = pending.accept_merge(current_user(), pending_id, body.client_id)
    return ClientOut.model_validate(client)


@endpoint(intake, "POST", "/pending/<pending_id>/reject", policy="user", response=None, status=204,
          summary="Reject a pending registration: deleted whole; the audit trail keeps who and when.")
def reject_pending(pending_id: str):
    services().pending.reject(current_user(), pending_id)
