"""The Clients screen's calls: clients, medical profiles, ID checks, GDPR (app/api/clients.py)."""

from __future__ import annotations

from typing import Any

from app.client.http import ApiSession
from app.client.models import (
    AnonymiseIn,
    ClientCreateIn,
    ClientDetailOut,
    ClientOut,
    ClientSummaryOut,
    ClientUpdateIn,
    IdCheckIn,
    MedicalIn,
    MedicalOut,
)


class ClientsApi:
    """Clients, their medical profile, ID checks and GDPR requests (/api/clients)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def search(self, text: str) -> list[ClientSummaryOut]:
        """Return the clients whose words start with `text` (recent clients when it is blank)."""
        return self._s.call("GET", "/api/clients", list[ClientSummaryOut], params={"q": text})

    def create(self, client: ClientCreateIn) -> ClientOut:
        """Add a client and return it; a likely duplicate is refused unless the request allows it."""
        return self._s.call("POST", "/api/clients", ClientOut, json=client)

    def get(self, client_id: str) -> ClientDetailOut:
        """Return a client with their medical profile, alerts, sessions, payments, consents and inks."""
        return self._s.call("GET", f"/api/clients/{client_id}", ClientDetailOut)

    def update(self, client_id: str, changes: ClientUpdateIn) -> ClientOut:
        """Change the fields sent in `changes` and return the client."""
        return self._s.call("PATCH", f"/api/clients/{client_id}", ClientOut, json=changes)

    def save_medical(self, client_id: str, profile: MedicalIn) -> MedicalOut:
        """Save the medical questionnaire as a new version and return it with its alerts."""
        return self._s.call("PUT", f"/api/clients/{client_id}/medical", MedicalOut, json=profile)

    def record_id_check(self, client_id: str, check: IdCheckIn) -> ClientOut:
        """Record that the client's ID document was checked (its type only) and return the client."""
        return self._s.call("POST", f"/api/clients/{client_id}/id-check", ClientOut, json=check)

    def export(self, client_id: str) -> dict[str, Any]:
        """Return everything on file about the client, as the JSON the API sends."""
        return self._s.call("GET", f"/api/clients/{client_id}/export", dict[str, Any])

    def anonymise(self, client_id: str, request: AnonymiseIn) -> ClientOut:
        """Erase the client's personal data (money records stay) and return what is left."""
        return self._s.call("POST", f"/api/clients/{client_id}/anonymise", ClientOut, json=request)
