"""Registration by QR code: opening codes (with the QR to show), the pending queue, accepting and rejecting."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from app.contract.common import Out, Strict


class CodeIn(Strict):
    """Open a code: for a new client, a check-in for one booked session, or a day-long kiosk (admins)."""

    kind: Literal["new_client", "check_in", "kiosk"] = "new_client"
    session_id: str | None = Field(default=None, max_length=36)
    address: str | None = Field(default=None, max_length=45, pattern=r"^[0-9A-Fa-f.:]+$",
                                description="Which of this computer's addresses phones use (default: the first).")


class CodeOut(Out):
    """A code's record (the code itself appears only in `url`, once, when it is opened)."""

    id: str
    kind: str
    session_id: str | None
    created_by: str
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


class OpenedCodeOut(Out):
    """A code just opened: the address to encode, its QR image (PNG, base64) and when it expires."""

    code: CodeOut
    url: str = Field(description="The address the QR code holds; show it written beneath the QR too.")
    qr_png_base64: str
    expires_at: datetime
    card_pdf_base64: str | None = Field(
        default=None, description="For a kiosk code: the printable 'scan to register' card (PDF, base64). Made "
                                  "only here, because only the opener ever knows the code (its hash is stored).")


class ListenerOut(Out):
    """The listener phones reach: whether it is up, where, and the addresses it could use."""

    running: bool
    url: str | None
    addresses: list[str]
    answers: bool = Field(description="Whether it answered on its address from this computer just now.")


class FlagOut(Out):
    """A safety flag of a pending entry."""

    kind: str
    text: str


class PendingOut(Out):
    """One line of the pending queue."""

    id: str
    kind: str
    first_name: str
    last_name: str
    birth_date: date | None
    submitted_at: datetime
    flags: list[FlagOut]
    likely_clients: list[str]


class PendingDetailOut(Out):
    """A pending entry in full: every answer as the phone sent it (shown as text, never as markup)."""

    summary: PendingOut
    fields: dict[str, str]
    form_version: str
    signed_at: datetime
    has_signature: bool
    has_guardian_signature: bool
    remote_addr: str
    user_agent: str


class AcceptIn(Strict):
    """Accept as a new client (no client_id) or merged into this existing client."""

    client_id: str | None = Field(default=None, max_length=36)
