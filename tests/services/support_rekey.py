"""Helpers for the re-key tests: a studio with a leaver, a stayer, a backup and a mirrored copy."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.core import crypto
from app.core.keyring import b64
from app.core.keyslots import RECOVERY_SLOT, KeySlots, user_slot_id
from app.core.paths import StickPaths
from app.db.engine import connect_raw
from app.domain.errors import AuthError
from app.services.backups.mirror import FOLDER

LEAVER, LEAVER_PASSWORD = "lee", "leaver password"
STAYER, STAYER_PASSWORD = "stella", "stayer password"


@dataclass
class Crew:
    """The two extra accounts of a re-key test."""

    leaver: object
    stayer: object


def add_crew(users, admin) -> Crew:
    """Add the leaver and the stayer (staff)."""
    leaver = users.create(admin, username=LEAVER, display_name="Lee", role="staff", password=LEAVER_PASSWORD)
    stayer = users.create(admin, username=STAYER, display_name="Stella", role="staff", password=STAYER_PASSWORD)
    return Crew(leaver, stayer)


def key_files(stick: StickPaths, drive: Path | None = None) -> list[Path]:
    """Every key-slot file on the stick (live and backups) and on the mirror drive."""
    found = [stick.keyslots, *sorted(stick.backups.glob("*.keyslots.json"))]
    if drive is not None:
        found += sorted((drive / FOLDER).glob("*.keyslots.json"))
    return found


def opens_with(path: Path, username: str, password: str) -> bytes | None:
    """The key a user's password unwraps from one key-slot file, or None."""
    try:
        return KeySlots.load(path).unwrap_user(username, password)
    except AuthError:
        return None


def key_opens_db(path: Path, key: bytes) -> bool:
    """Whether `key` opens the encrypted database at `path`."""
    try:
        connect_raw(path, key).close()
        return True
    except AuthError:
        return False


def legacy_slot(slots: KeySlots, slot_id: str, secret: str, db_key: bytes) -> dict:
    """A format 1 slot exactly as the app wrote it before key sealing (the key wrapped under the secret)."""
    salt = os.urandom(16)
    kek = crypto.derive_key(secret, salt, slots.params)
    nonce, wrapped = crypto.seal(kek, db_key, f"tattoo-keyslot/1/{slots.db_id}/{slot_id}".encode())
    return {"salt": b64(salt), "nonce": b64(nonce), "wrapped": b64(wrapped), "kdf": slots.params.as_dict()}


def make_legacy(stick: StickPaths, db_key: bytes, secrets: dict[str, str]) -> None:
    """Rewrite the live key file in format 1 (as a studio made before this change has it)."""
    slots = KeySlots.load(stick.keyslots)
    doc = {"format": 1, "db_id": slots.db_id, "kdf": slots.params.as_dict(),
           "slots": {(RECOVERY_SLOT if name == RECOVERY_SLOT else user_slot_id(name)):
                     legacy_slot(slots, RECOVERY_SLOT if name == RECOVERY_SLOT else user_slot_id(name), secret, db_key)
                     for name, secret in secrets.items()}}
    stick.keyslots.write_text(json.dumps(doc))
