"""The consent calls: record, list per client, the consent list (app/api/consents.py)."""

from __future__ import annotations

from app.client.http import ApiSession, Param
from app.client.models import (
    ConsentEntryOut,
    ConsentIn,
    ConsentOut,
)


class ConsentsApi:
    """Signed consents: recording one for a session, a client's, and the consent list (/api/consents)."""

    def __init__(self, session: ApiSession):
        self._s = session

    def record_consent(self, session_id: str, consent: ConsentIn) -> ConsentOut:
        """Record the signed consent for a session and return it."""
        return self._s.call("POST", f"/api/sessions/{session_id}/consents", ConsentOut, json=consent)

    def consents_of(self, client_id: str) -> list[ConsentOut]:
        """Return a client's consents, newest first."""
        return self._s.call("GET", f"/api/clients/{client_id}/consents", list[ConsentOut])

    def consent_list(self, **filters: Param) -> list[ConsentEntryOut]:
        """Return the consents of sessions between two dates (inclusive), of one artist or all (`filters`: from,
        to, artist_id)."""
        return self._s.call("GET", "/api/consents", list[ConsentEntryOut], params=filters)
