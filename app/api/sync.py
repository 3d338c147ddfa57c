"""/api/sync: the status (any user: quiet), set-up, pairing codes, joining, "sync now", devices and conflicts."""

from __future__ import annotations

from flask import Blueprint

from app.api.routing import container, current_user, endpoint, services
from app.contract.common import Done
from app.contract.sync import (
    ConflictRowOut,
    HexId,
    PairingCodeOut,
    SyncConflictOut,
    SyncDeviceOut,
    SyncJoinIn,
    SyncNowOut,
    SyncStartIn,
    SyncStatusOut,
)
from app.core.i18n import _
from app.domain.errors import ValidationError

sync = Blueprint("sync", __name__, url_prefix="/api/sync")


def _status() -> SyncStatusOut:
    status = services().sync_panel.status(current_user())
    return SyncStatusOut(paired=status.paired, last_sync_at=status.last_sync_at, pending=status.pending,
                         conflicts=status.conflicts, running=container().sync_soon.running,
                         last_error=status.last_error, relay_url=status.relay_url, device_id=status.device_id)


def _syncing_from_now() -> None:
    """Just paired: the first sync now, in the background (its progress on the Sync panel), then every minute."""
    container().sync_soon.soon(current_user())
    container().schedule.paired_now(current_user())


def _hex_id(value: str) -> str:
    if len(value) != 32 or any(c not in "0123456789abcdef" for c in value):
        raise ValidationError(_("This id is not one the sync gives out (32 letters a-f and digits)."))
    return value


@endpoint(sync, "GET", "", policy="user", response=SyncStatusOut,
          summary="Whether this studio syncs, when it last synced, changes waiting to go, open conflicts and whether "
                  "a sync runs now; admins also see the last problem, the relay's address and this device's id.")
def sync_status():
    return _status()


@endpoint(sync, "POST", "/start", policy="admin", body=SyncStartIn, response=SyncStatusOut, status=201,
          summary="Set up sync: pair this studio with a relay as its first device, then start the first sync in "
                  "the background (every row goes out, sealed).")
def sync_start(body: SyncStartIn):
    services().sync_panel.start(current_user(), body.relay_url)
    _syncing_from_now()
    return _status()


@endpoint(sync, "POST", "/invite", policy="admin", response=PairingCodeOut, status=201,
          summary="A pairing code for another device of the studio: shown once, it works once, for 15 minutes.")
def sync_invite():
    code = services().sync_panel.invite(current_user())
    return PairingCodeOut(code=code.code, expires_at=code.expires_at)


@endpoint(sync, "POST", "/join", policy="admin", body=SyncJoinIn, response=SyncStatusOut, status=201,
          summary="Join the studio another device shows a pairing code for, then sync in the background.")
def sync_join(body: SyncJoinIn):
    services().sync_panel.join(current_user(), body.relay_url, body.code)
    _syncing_from_now()
    return _status()


@endpoint(sync, "POST", "/now", policy="user", response=SyncNowOut, status=202,
          summary="Sync now, in the background: the answer comes at once and the register never waits for it.")
def sync_now():
    status = services().sync_panel.status(current_user())
    if not status.paired:
        return SyncNowOut(started=False, running=False)
    started = container().sync_soon.soon(current_user())
    return SyncNowOut(started=started, running=container().sync_soon.running)


@endpoint(sync, "GET", "/devices", policy="admin", response=list[SyncDeviceOut],
          summary="The studio's devices on the relay: when each was added, last seen, and whether it was removed.")
def sync_devices():
    return [SyncDeviceOut.model_validate(d) for d in services().sync_panel.devices(current_user())]


@endpoint(sync, "POST", "/devices/<device_id>/revoke", policy="admin", response=Done, path={"device_id": HexId},
          summary="Remove a device from the studio's sync (a lost stick, a sold laptop): the relay refuses it.")
def sync_revoke(device_id: str):
    services().sync_panel.revoke(current_user(), _hex_id(device_id))
    return Done()


@endpoint(sync, "GET", "/conflicts", policy="user", response=list[SyncConflictOut],
          summary="The open sync conflicts, each as a sentence in the caller's language, with the rows involved.")
def sync_conflicts():
    return [SyncConflictOut(id=c.id, kind=c.kind, sentence=c.sentence, found_at=c.found_at,
                            resolved_at=c.resolved_at, rows=[ConflictRowOut(table=t, id=i) for t, i in c.rows])
            for c in services().sync_conflicts.list(current_user())]


@endpoint(sync, "POST", "/conflicts/<conflict_id>/resolve", policy="admin", response=Done,
          path={"conflict_id": HexId},
          summary="Mark a sync conflict resolved; every device learns it at its next sync.")
def sync_resolve(conflict_id: str):
    services().sync_conflicts.resolve(current_user(), _hex_id(conflict_id))
    return Done()
