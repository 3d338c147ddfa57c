"""The Sync panel's and the Backups status line's calls (app/api/sync.py)."""

from __future__ import annotations

from app.client.http import ApiSession
from app.client.models import (
    Done,
    PairingCodeOut,
    SyncConflictOut,
    SyncDeviceOut,
    SyncJoinIn,
    SyncNowOut,
    SyncStartIn,
    SyncStatusOut,
)


class SyncApi:
    """Sync status, set-up, pairing, devices and conflicts."""

    def __init__(self, session: ApiSession):
        self._s = session

    def status(self) -> SyncStatusOut:
        """Whether the studio syncs, the last sync, pending changes and open conflicts."""
        return self._s.call("GET", "/api/sync", SyncStatusOut)

    def start(self, relay_url: str) -> SyncStatusOut:
        """Set up sync with the relay at `relay_url`, this studio as its first device (admin)."""
        return self._s.call("POST", "/api/sync/start", SyncStatusOut, json=SyncStartIn(relay_url=relay_url))

    def invite(self) -> PairingCodeOut:
        """A pairing code for another device (admin); shown once."""
        return self._s.call("POST", "/api/sync/invite", PairingCodeOut)

    def join(self, relay_url: str, code: str) -> SyncStatusOut:
        """Join the studio with a pairing code another device shows (admin)."""
        return self._s.call("POST", "/api/sync/join", SyncStatusOut, json=SyncJoinIn(relay_url=relay_url, code=code))

    def now(self) -> SyncNowOut:
        """Start a sync in the background; the answer comes at once."""
        return self._s.call("POST", "/api/sync/now", SyncNowOut)

    def devices(self) -> list[SyncDeviceOut]:
        """The studio's devices on the relay (admin)."""
        return self._s.call("GET", "/api/sync/devices", list[SyncDeviceOut])

    def revoke(self, device_id: str) -> Done:
        """Remove a device from the studio's sync (admin)."""
        return self._s.call("POST", f"/api/sync/devices/{device_id}/revoke", Done)

    def conflicts(self) -> list[SyncConflictOut]:
        """The open sync conflicts, each a sentence in this user's language."""
        return self._s.call("GET", "/api/sync/conflicts", list[SyncConflictOut])

    def resolve(self, conflict_id: str) -> Done:
        """Mark a sync conflict resolved (admin)."""
        return self._s.call("POST", f"/api/sync/conflicts/{conflict_id}/resolve", Done)
