"""What the Admin screen's "Sync" panel and the Backups screen's status line ask of the sync, around `SyncService`:
the status (quiet for staff: last synced, pending, conflicts), set-up, pairing codes with their expiry, joining, and
the studio's devices with "Revoke". Every failure of the relay or of a code becomes a sentence (a DomainError) the
API answers with; nothing here speaks HTTP (the relay client is handed in through the service)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from app.core.i18n import N_, _
from app.db.repos import sync_state
from app.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from app.domain.records import User
from app.services.authz import require_admin, require_user
from app.services.sync import bootstrap
from app.services.sync.protocol import Relay, SyncNotPairedError
from app.services.sync.service import SyncService
from app.sync.crypto import SyncRejectedError
from app.sync.errors import RelayUnavailableError

CODE_LIFETIME = timedelta(minutes=15)  # the relay keeps a pairing code this long (app.relay.store.Limits)
RELAY_URL = re.compile(r"^https?://[^\s/?#@]+(/[^\s?#]*)?$")


class ManagedRelay(Relay, Protocol):
    """What the panel uses of app.sync.relay_client.RelayClient besides what the service uses."""

    def devices(self) -> list[dict[str, Any]]: ...  # noqa: D102 (described by RelayClient)
    def revoke(self, device_id: str) -> None: ...  # noqa: D102 (described by RelayClient)


@dataclass(frozen=True)
class PanelStatus:
    """The sync's state; `last_error`, `relay_url` and `device_id` only for admins (None for staff)."""

    paired: bool
    last_sync_at: str | None
    pending: int
    conflicts: int
    last_error: str | None
    relay_url: str | None
    device_id: str | None


@dataclass(frozen=True)
class PairingCode:
    """A code for another device: shown once, it works once, until `expires_at`."""

    code: str
    expires_at: datetime


@dataclass(frozen=True)
class DeviceInfo:
    """A device of the studio as the relay knows it (no names: the relay knows none)."""

    id: str
    this_device: bool
    created_at: str
    last_seen_at: str | None
    revoked: bool


class SyncRelayError(DomainError):
    """The relay could not be reached or refused; `str()` says what happened and what to do."""


class SyncPanel:
    """The sync's screens-facing operations over one SyncService."""

    def __init__(self, sync: SyncService, relay_for: Callable[[str, str | None], Relay]):
        self.sync, self._relay_for = sync, relay_for

    def status(self, actor: User | None) -> PanelStatus:
        """Paired or not, last sync, pending changes, open conflicts; the details for admins only."""
        user = require_user(actor)
        with self.sync.db.write() as conn:
            state = sync_state.state(conn, self.sync.db.path)
            pending, conflicts = sync_state.counts(conn)
        admin = user.is_admin
        return PanelStatus(state.relay_url is not None, state.last_sync_at, pending, conflicts,
                           state.last_error if admin else None, state.relay_url if admin else None,
                           state.device_id if admin else None)

    def start(self, actor: User | None, relay_url: str) -> str:
        """Pair this studio with the relay as its first device; return the relay's studio id."""
        require_admin(actor, N_("set up sync"))
        self._not_paired_yet()
        with _sentences():
            return self.sync.start(actor, _relay_url(relay_url))

    def invite(self, actor: User | None) -> PairingCode:
        """A pairing code for another device, and when it stops working."""
        with _sentences():
            code = self.sync.invite(actor)
        return PairingCode(code, self.sync.clock.now() + CODE_LIFETIME)

    def join(self, actor: User | None, relay_url: str, code: str) -> None:
        """Join the studio another device shows `code` for: a new, empty studio loads the studio's snapshot in the
        background sync that follows; a stick holding a copy of the studio (a restored backup) joins as that copy."""
        require_admin(actor, N_("pair a device"))
        self._not_paired_yet()
        url = _relay_url(relay_url)
        with _sentences(join=True):
            if bootstrap.fresh(self.sync.db):
                self.sync.pair_fresh(actor, url, code)
            else:
                self.sync.join(actor, url, code)

    def devices(self, actor: User | None) -> list[DeviceInfo]:
        """The studio's devices, this one marked."""
        require_admin(actor, N_("see the studio's devices"))
        with self._relay() as (relay, me):
            found = relay.devices()
        return [DeviceInfo(str(d["id"]), d["id"] == me, str(d["created_at"]), d.get("last_seen_at"),
                           bool(d["revoked"])) for d in found]

    def revoke(self, actor: User | None, device_id: str) -> None:
        """Refuse a device of the studio from now on (a lost stick, a sold laptop); not this one. The studio's sync
        key is rotated right after, so what is written from now on is sealed with a key that device never held."""
        require_admin(actor, N_("remove a device from the sync"))
        with self._relay() as (relay, me):
            if device_id == me:
                raise ValidationError(_("This is the device you are using; remove it from another device of the "
                                        "studio."))
            relay.revoke(device_id)
        with _sentences():
            self.sync.rotate_key(actor)

    def _not_paired_yet(self) -> None:
        if self.sync.paired():
            raise ConflictError(_("This studio syncs already. To pair another device, show a pairing code here "
                                  "and type it there."))

    @contextmanager
    def _relay(self) -> Iterator[tuple[ManagedRelay, str]]:
        with self.sync.db.write() as conn:
            state = sync_state.state(conn, self.sync.db.path)
        if state.relay_url is None:
            raise ConflictError(_not_paired())
        relay: Any = self._relay_for(state.relay_url, state.credential)
        try:
            with _sentences(missing=True):
                yield relay, state.device_id or ""
        finally:
            relay.close()


@contextmanager
def _sentences(join: bool = False, missing: bool = False) -> Iterator[None]:
    """Turn the relay's and the code's failures into DomainErrors with their sentences."""
    try:
        yield
    except SyncNotPairedError:
        raise ConflictError(_not_paired()) from None
    except RelayUnavailableError as exc:
        if join and exc.status == 404:
            raise ValidationError(str(exc)) from None
        if missing and exc.status == 404:
            raise NotFoundError(str(exc)) from None
        raise SyncRelayError(str(exc)) from None
    except SyncRejectedError as exc:  # the keys did not open with the code typed
        raise ValidationError(str(exc)) from None
    except ValueError as exc:  # a code of the wrong shape: the sentence says what one looks like
        if join:
            raise ValidationError(str(exc)) from None
        raise


def _relay_url(text: str) -> str:
    url = text.strip().rstrip("/")
    if not RELAY_URL.match(url):
        raise ValidationError(_("A relay address starts with http:// or https://, like https://relay.example.org. "
                                "Ask whoever runs the relay for it."))
    return url


def _not_paired() -> str:
    return _("This studio is not paired with a sync relay yet. An admin can set it up under Admin, Sync.")
