"""Two real devices of one studio for the account tests: stick folders with their own SQLCipher database, their own
database key and key file (different key file ids, as a device set up on its own has), paired through a real relay."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app.core import crypto
from app.core import paths as stick_paths
from app.core.keyslots import RECOVERY_SLOT, KeySlots, user_slot_id
from app.domain.records import StudioSettings
from app.services.studio.rekey import rekey_studio
from app.services.studio.service import StudioService, UserStudio
from app.services.sync.service import SyncService
from app.services.users import UserService
from app.sync.relay_client import RelayClient
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME

CHEAP = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)  # quick derivations; the format is the same


@dataclass
class Device:
    """One stick: its paths, its studio service and the studio, unlocked as the admin."""

    paths: stick_paths.StickPaths
    studio: StudioService
    opened: UserStudio
    _users: UserService | None = field(default=None, repr=False)

    def sync_service(self) -> SyncService:
        """The device's sync, with its key file and its account service's cache, as the running app builds it."""
        return SyncService(self.opened.db, RelayClient, keyslots=self.paths.keyslots,
                           on_applied=self.users().forget_holders)

    def sync(self) -> None:
        """One sync now."""
        self.sync_service().sync_now()

    def users(self) -> UserService:
        """The device's one account service (it caches who holds a login, as in the running app)."""
        if self._users is None:
            self._users = UserService(self.opened.db, self.paths)
        return self._users

    def login(self, username: str, password: str):
        """Log in as the API's /api/auth/login does on a running app (the studio already open): the password opens
        a slot of this device's key file, the key must be the open database's, the account must be active."""
        return self.studio.authenticate(self.opened, username, password)

    def slots(self) -> KeySlots:
        """The device's key file as it is on disk."""
        return KeySlots.load(self.paths.keyslots)


def first_device(tmp_path: Path, relay_url: str) -> Device:
    """A new studio on its own stick, paired with the relay as the studio's first device."""
    paths = stick_paths.resolve(home=tmp_path / "a").ensure()
    studio = StudioService(paths, kdf=CHEAP)
    opened, _code = studio.create(StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD)
    device = Device(paths, studio, opened)
    device.sync_service().start(opened.user, relay_url)
    return device


def second_device(tmp_path: Path, first: Device, relay_url: str) -> Device:
    """Another device of the studio: a copy of its database given its own key, with a key file of its own (a new
    file id, only the admin's slot), joined by a pairing code shown on `first`."""
    paths = stick_paths.resolve(home=tmp_path / "b").ensure()
    first.opened.db.engine.dispose()
    paths.db.write_bytes(first.paths.db.read_bytes())
    paths.keyslots.write_bytes(first.paths.keyslots.read_bytes())
    studio = StudioService(paths, kdf=CHEAP)
    opened = studio.unlock(ADMIN, ADMIN_PASSWORD)
    rekey_studio(opened.db, paths)  # this device's own database key
    own = KeySlots.create(paths.keyslots, db_id=str(uuid.uuid4()), params=CHEAP)
    own.put(user_slot_id(ADMIN), ADMIN_PASSWORD, opened.db.key())
    own.put(RECOVERY_SLOT, crypto.new_recovery_code(), opened.db.key())
    paths.keyslots.unlink()
    own.save()
    device = Device(paths, studio, opened)
    device.sync_service().join(opened.user, relay_url, first.sync_service().invite(first.opened.user))
    return device
