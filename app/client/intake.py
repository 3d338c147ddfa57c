"""The registration-by-QR calls: open and revoke codes, the listener's state, the pending queue (app/api/intake.py)."""

from __future__ import annotations

from app.client.http import ApiSession
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


class IntakeApi:
    """Registration by QR code (/api/intake)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def open_code(self, kind: str = "new_client", session_id: str | None = None,
                  address: str | None = None) -> OpenedCodeOut:
        """Open a code and return the address to encode, its QR PNG (base64) and when it expires."""
        return self._s.call("POST", "/api/intake/codes", OpenedCodeOut,
                            json=CodeIn(kind=kind, session_id=session_id, address=address))  # type: ignore[arg-type]

    def revoke_code(self, code_id: str) -> CodeOut:
        """Withdraw a code now."""
        return self._s.call("POST", f"/api/intake/codes/{code_id}/revoke", CodeOut)

    def listener(self) -> ListenerOut:
        """Whether the listener is up, where, and whether it answers from this computer."""
        return self._s.call("GET", "/api/intake/listener", ListenerOut)

    def pending(self) -> list[PendingOut]:
        """The pending registrations, oldest first, with flags and likely clients."""
        return self._s.call("GET", "/api/intake/pending", list[PendingOut])

    def pending_detail(self, pending_id: str) -> PendingDetailOut:
        """One pending registration in full."""
        return self._s.call("GET", f"/api/intake/pending/{pending_id}", PendingDetailOut)

    def accept(self, pending_id: str, client_id: str | None = None) -> ClientOut:
        """Accept as a new client, or merged into `client_id`; return the client."""
        return self._s.call("POST", f"/api/intake/pending/{pending_id}/accept", ClientOut,
                            json=AcceptIn(client_id=client_id))

    def reject(self, pending_id: str) -> None:
        """Reject a pending registration (deleted whole)."""
        self._s.call("POST", f"/api/intake/pending/{pending_id}/reject", None)
