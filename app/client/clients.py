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
        return self._s.call("GET", "/api/clients", list[ClientSummaryOut], params={"q": text})

    def create(self, client: ClientCreateIn) -> ClientOut:
        return self._s.call("POST", "/api/clients", ClientOut, json=client)

    def get(self, client_id: str) -> ClientDetailOut:
        return self._s.call("GET", f"/api/clients/{client_id}", ClientDetailOut)

    def update(self, client_id: str, changes: ClientUpdateIn) -> ClientOut:
        return self._s.call("PATCH", f"/api/clients/{client_id}", ClientOut, json=changes)

    def save_medical(self, client_id: str, profile: MedicalIn) -> MedicalOut:
        return self._s.call("PUT", f"/api/clients/{client_id}/medical", MedicalOut, json=profile)

    def record_id_check(self, client_id: str, check: IdCheckIn) -> ClientOut:
        return self._s.call("POST", f"/api/clients/{client_id}/id-check", ClientOut, json=check)

    def export(self, client_id: str) -> dict[str, Any]:
        return self._s.call("GET", f"/api/clients/{client_id}/export", dict[str, Any])

    def anonymise(self, client_id: str, request: AnonymiseIn) -> ClientOut:
        return self._s.call("POST", f"/api/clients/{client_id}/anonymise", ClientOut, json=request)
