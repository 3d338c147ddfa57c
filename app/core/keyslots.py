"""data/keyslots.json: the database key wrapped once per user and once for the recovery code."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.core import crypto
from app.core.atomic import write_atomic
from app.domain.errors import AuthError, NoStudioError, StorageError

FORMAT = 1
RECOVERY_SLOT = "recovery"
_EDITING = threading.Lock()  # one read-modify-write of a slots file at a time in this process


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def user_slot_id(username: str) -> str:
    """Return the slot id that holds `username`'s wrapped key."""
    return f"user:{username.casefold()}"


@dataclass
class KeySlots:
    """The slots file in memory; `save` writes it back atomically."""

    path: Path
    db_id: str
    slots: dict[str, dict]
    params: crypto.KdfParams

    @classmethod
    def create(cls, path: Path, db_id: str, params: crypto.KdfParams | None = None) -> KeySlots:
        """Start an empty slots file for a new studio (nothing is written until `save`)."""
        return cls(path=path, db_id=db_id, slots={}, params=params or crypto.KdfParams())

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        """Read the slots file, or explain why it cannot be read."""
        try:
            doc = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise NoStudioError(f"There is no studio at {path.parent.parent}. "
                                "Create one with `init` or `demo`.") from None
        except (OSError, ValueError) as exc:
            raise StorageError(f"The key file {path} cannot be read ({exc}). Restore it from a backup.") from None
        if doc.get("format") != FORMAT:
            raise StorageError(f"The key file {path} has format {doc.get('format')!r}; this app reads format {FORMAT}.")
        return cls(path=path, db_id=doc["db_id"], slots=doc["slots"],
                   params=crypto.KdfParams.from_dict(doc["kdf"]))

    @classmethod
    @contextmanager
    def editing(cls, path: Path) -> Iterator[KeySlots]:
        """Load the slots file, let the caller change it, and save it, with no other edit in this
        process in between (so two threads adding slots never lose one). Never derive keys inside:
        seal slots with `seal` first."""
        with _EDITING:
            slots = cls.load(path)
            yield slots
            slots.save()

    def save(self) -> None:
        """Write the file atomically (temp, fsync, rename)."""
        doc = {"format": FORMAT, "db_id": self.db_id, "kdf": self.params.as_dict(), "slots": self.slots}
        write_atomic(self.path, json.dumps(doc, indent=1, sort_keys=True).encode("utf-8"))

    def _aad(self, slot_id: str) -> bytes:
        return f"tattoo-keyslot/{FORMAT}/{self.db_id}/{slot_id}".encode()

    def seal(self, slot_id: str, secret: str, db_key: bytes) -> dict:
        """Return slot `slot_id` with `db_key` wrapped under `secret` (the slow part; nothing is stored)."""
        salt = os.urandom(16)
        kek = crypto.derive_key(secret, salt, self.params)
        nonce, wrapped = crypto.seal(kek, db_key, self._aad(slot_id))
        return {"salt": _b64(salt), "nonce": _b64(nonce), "wrapped": _b64(wrapped), "kdf": self.params.as_dict()}

    def put(self, slot_id: str, secret: str, db_key: bytes) -> None:
        """Wrap `db_key` under `secret` in slot `slot_id`, replacing what was there."""
        self.slots[slot_id] = self.seal(slot_id, secret, db_key)

    def unwrap(self, slot_id: str, secret: str) -> bytes | None:
        """Return the database key if `secret` opens slot `slot_id`, else None. A missing slot costs
        the same derivation as a present one, so the time taken does not tell which names exist."""
        slot = self.slots.get(slot_id)
        if slot is None:
            crypto.derive_key(secret, os.urandom(16), self.params)
            return None
        params = crypto.KdfParams.from_dict(slot["kdf"])
        kek = crypto.derive_key(secret, _unb64(slot["salt"]), params)
        return crypto.open_sealed(kek, _unb64(slot["nonce"]), _unb64(slot["wrapped"]), self._aad(slot_id))

    def remove(self, slot_id: str) -> bool:
        """Drop a slot; return whether it existed."""
        return self.slots.pop(slot_id, None) is not None

    def __contains__(self, slot_id: str) -> bool:
        return slot_id in self.slots

    def unwrap_user(self, username: str, password: str) -> bytes:
        """Return the database key for a user's password, or raise AuthError."""
        key = self.unwrap(user_slot_id(username), password)
        if key is None:
            raise AuthError("Wrong username or password. Check both and try again.")
        return key

    def unwrap_recovery(self, code: str) -> bytes:
        """Return the database key for the recovery code, or raise AuthError."""
        normal = crypto.normalise_recovery_code(code)
        key = self.unwrap(RECOVERY_SLOT, normal) if normal else None
        if key is None:
            raise AuthError("That recovery code is not right. Type it exactly as printed at set-up "
                            "(dashes and case do not matter).")
        return key
