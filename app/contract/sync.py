"""Sync: the status (quiet for staff), set-up and joining, pairing codes, the studio's devices and the conflicts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from app.contract.common import Out, Strict

# the shape is checked by the studio, which answers a sentence saying what an address looks like
RelayUrl = Annotated[str, Field(min_length=1, max_length=300,
                                description="The relay's address, e.g. https://relay.example.org")]
# a device's id on the relay, and a conflict's id: 32 hexadecimal digits
HexId = Annotated[str, Field(min_length=32, max_length=32, pattern=r"^[0-9a-f]{32}$")]


class SyncStatusOut(Out):
    """Paired or not, the last sync, changes waiting to go, open conflicts, and whether a sync runs now; for admins
    also the last problem (a sentence), the relay's address and this device's id."""
    paired: bool
    last_sync_at: str | None
    pending: int
    conflicts: int
    running: bool = False
    last_error: str | None = None
    relay_url: str | None = None
    device_id: str | None = None


class SyncStartIn(Strict):
    """Set up sync: this studio becomes the first device on the relay at `relay_url`."""
    relay_url: RelayUrl


class SyncJoinIn(Strict):
    """Join a studio on the relay with the pairing code one of its devices shows."""
    relay_url: RelayUrl
    code: str = Field(min_length=1, max_length=40, description="Like ABCD-EFGH-JKMN-PQRS (the studio checks it)")


class PairingCodeOut(Out):
    """A pairing code for another device: shown once, it works once, until `expires_at`."""
    code: str
    expires_at: datetime


class SyncNowOut(Out):
    """Whether this call started a sync (False: one was under way already); it runs in the background."""
    started: bool
    running: bool


class SyncDeviceOut(Out):
    """A device of the studio as the relay knows it (the relay knows no names)."""
    id: str
    this_device: bool
    created_at: str
    last_seen_at: str | None
    revoked: bool


class ConflictRowOut(Out):
    """A row a conflict involves: its table and id, to open it."""
    table: str
    id: str


class SyncConflictOut(Out):
    """One conflict: its kind, a sentence in the caller's language, when it was found, and the rows involved."""
    id: str
    kind: str
    sentence: str
    found_at: datetime | None
    resolved_at: str | None
    rows: list[ConflictRowOut]
