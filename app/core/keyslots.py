"""data/keyslots.json: the database key sealed once per user and once for the recovery code.

Format 2 (written since the re-key on removal): each slot holds an X25519 key pair, its private half
wrapped under an Argon2id key from the slot's password or recovery code, and the database key sealed to
its public half (see app.core.keyring). `key_check` fingerprints the key the slots hold; `history` keeps
the studio's earlier database keys encrypted under the current one, so backups taken before a re-key
still open for whoever holds the current key. Format 1 slots (the key wrapped directly under the
password) still open; each is turned into a format 2 slot at its next successful unlock.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import crypto, keyring
from app.core.atomic import write_atomic
from app.core.i18n import _
from app.core.keyring import b64, unb64
from app.domain.errors import AuthError, ConflictError, NoStudioError, StorageError

FORMAT = 2
READABLE = (1, 2)
RECOVERY_SLOT = "recovery"
SEALED, RESET_NEEDED = "sealed", "reset-needed"
SHARED = ("salt", "kdf", "nonce", "private", "public")  # what a slot's record on other devices holds
# The one lock for every edit of any key-slot file in this process (`KeySlots.editing`, `save`, a re-key,
# backups' slot copies); the stick lock keeps other processes out. Take it before the database's write
# lock, never after (a re-key holds it while it swaps the database), and never derive a key under it.
LOCK = threading.RLock()


def user_slot_id(username: str) -> str:
    """Return the slot id that holds `username`'s wrapped key."""
    return f"user:{username.casefold()}"


@dataclass(frozen=True)
class Prepared:
    """A new slot's key pair, its private half already wrapped under the slot's secret (the slow part)."""

    slot_id: str
    fields: dict[str, Any]
    kek: bytes = field(repr=False)


@dataclass
class KeySlots:
    """The slots file in memory; `save` writes it back atomically."""

    path: Path
    db_id: str
    slots: dict[str, dict[str, Any]]
    params: crypto.KdfParams
    key_check: str | None = None
    history: list[dict[str, str]] = field(default_factory=list)
    _base_check: str | None = None  # the key_check on disk when loaded: save refuses if it changed
    _opened_legacy: dict[str, tuple[str, bytes, crypto.KdfParams, bytes]] = field(default_factory=dict, repr=False)

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
            raise NoStudioError(_("There is no studio at %(folder)s. Create one with `init` or `demo`.",
                                  folder=path.parent.parent)) from None
        except (OSError, ValueError) as exc:
            raise StorageError(_("The key file %(path)s cannot be read (%(problem)s). Restore it from a backup.",
                                 path=path, problem=exc)) from None
        if doc.get("format") not in READABLE:
            raise StorageError(_("The key file %(path)s has format %(found)r; this app reads formats %(known)s. "
                                 "Use a newer version of the app.", path=path, found=doc.get("format"),
                                 known=", ".join(map(str, READABLE))))
        check = doc.get("key_check")
        return cls(path=path, db_id=doc["db_id"], slots=doc["slots"], params=crypto.KdfParams.from_dict(doc["kdf"]),
                   key_check=check, history=list(doc.get("history", [])), _base_check=check)

    @classmethod
    @contextmanager
    def editing(cls, path: Path) -> Iterator[KeySlots]:
        """Load the slots file, let the caller change it, and save it, with no other edit in this
        process in between (so two threads adding slots never lose one). Never derive keys inside:
        prepare slots with `prepare` first."""
        with LOCK:
            slots = cls.load(path)
            yield slots
            slots.save()

    def save(self) -> None:
        """Write the file atomically (temp, fsync, rename), unless the studio was re-keyed since it was read."""
        doc = {"format": FORMAT, "db_id": self.db_id, "kdf": self.params.as_dict(), "slots": self.slots,
               "key_check": self.key_check, "history": self.history}
        with LOCK:
            on_disk = _disk_check(self.path)
            if on_disk is not None and on_disk != self._base_check:
                raise ConflictError(_("The studio's key was renewed while this change was being made; "
                                      "nothing was saved. Try again."))
            write_atomic(self.path, json.dumps(doc, indent=1, sort_keys=True).encode("utf-8"))
            self._base_check = self.key_check

    def _aad(self, slot_id: str, version: int = FORMAT, part: str = "", db_id: str | None = None) -> bytes:
        return f"tattoo-keyslot/{version}/{db_id or self.db_id}/{slot_id}{part}".encode()

    def _private_aad(self, slot_id: str, slot: dict[str, Any]) -> bytes:
        """A slot's private half is bound to the key file that wrapped it: this one, or (a slot copied from
        another device's record, see app.services.studio.user_keys) the one named by its `origin`."""
        return self._aad(slot_id, part="/private", db_id=slot.get("origin"))

    def record(self, slot_id: str) -> dict[str, Any] | None:
        """The shareable half of a sealed slot: its public key and its private key as wrapped under the slot's
        password (salt, cost, nonce), with the key file it was wrapped in. Never the database key's box."""
        slot = self.slots.get(slot_id)
        if slot is None or slot.get("kind") != SEALED:
            return None
        return {**{k: slot[k] for k in SHARED}, "origin": slot.get("origin") or self.db_id}

    def adopt(self, slot_id: str, record: dict[str, Any], db_key: bytes) -> None:
        """Put in a slot from another device's `record`, sealing `db_key` (this file's key) to its public key."""
        fields = {"kind": SEALED, **{k: record[k] for k in SHARED}, "origin": str(record["origin"])}
        crypto.KdfParams.from_dict(fields["kdf"])  # refuses an unknown derivation (sealing refuses a bad public key)
        self.install(Prepared(slot_id, fields, kek=b""), db_key)

    def prepare(self, slot_id: str, secret: str) -> Prepared:
        """Make a new key pair for `slot_id` and wrap its private half under `secret` (Argon2id: slow)."""
        salt = os.urandom(16)
        kek = crypto.derive_key(secret, salt, self.params)
        return self._prepared(slot_id, kek, salt, self.params)

    def _prepared(self, slot_id: str, kek: bytes, salt: bytes, params: crypto.KdfParams) -> Prepared:
        private, public = keyring.new_keypair()
        nonce, wrapped = crypto.seal(kek, private, self._aad(slot_id, part="/private"))
        return Prepared(slot_id, {"kind": SEALED, "salt": b64(salt), "kdf": params.as_dict(), "nonce": b64(nonce),
                                  "private": b64(wrapped), "public": b64(public)}, kek)

    def install(self, prepared: Prepared, db_key: bytes) -> None:
        """Seal `db_key` to a prepared slot's public key and put the slot in (replacing what was there)."""
        self._check_key(db_key)
        slot_id, public = prepared.slot_id, prepared.fields["public"]
        box = keyring.seal_to(unb64(public), db_key, self._aad(slot_id, part="/db-key"))
        self.slots[slot_id] = {**prepared.fields, "box": box, "bind": self._bind(db_key, slot_id, public)}

    def _bind(self, db_key: bytes, slot_id: str, public: str) -> str:
        return keyring.bind(db_key, f"{self.db_id}/{slot_id}", unb64(public))

    def bound(self, slot_id: str, db_key: bytes) -> bool:
        """Whether a sealed slot's public key was put there by someone holding `db_key` (not planted)."""
        slot = self.slots.get(slot_id, {})
        return slot.get("kind") == SEALED and hmac.compare_digest(
            str(slot.get("bind", "")), self._bind(db_key, slot_id, slot["public"]))

    def put(self, slot_id: str, secret: str, db_key: bytes) -> None:
        """Seal `db_key` for `secret` in slot `slot_id`, replacing what was there."""
        self.install(self.prepare(slot_id, secret), db_key)

    def _check_key(self, db_key: bytes) -> None:
        check = keyring.key_check(db_key)
        if self.key_check is None:
            self.key_check = check
        elif check != self.key_check:
            raise ConflictError(_("The studio's key was renewed meanwhile; nothing was changed. Try again."))

    def unwrap(self, slot_id: str, secret: str) -> bytes | None:
        """Return the database key if `secret` opens slot `slot_id`, else None. A missing slot costs
        the same derivation as a present one, so the time taken does not tell which names exist."""
        slot = self.slots.get(slot_id)
        if slot is None or slot.get("kind") == RESET_NEEDED:
            crypto.derive_key(secret, os.urandom(16), self.params)
            return None
        params = crypto.KdfParams.from_dict(slot["kdf"])
        kek = crypto.derive_key(secret, unb64(slot["salt"]), params)
        if slot.get("kind") == SEALED:
            private = crypto.open_sealed(kek, unb64(slot["nonce"]), unb64(slot["private"]),
                                         self._private_aad(slot_id, slot))
            if private is None:
                return None
            return keyring.open_box(private, slot["box"], self._aad(slot_id, part="/db-key"))
        key = crypto.open_sealed(kek, unb64(slot["nonce"]), unb64(slot["wrapped"]), self._aad(slot_id, version=1))
        if key is not None:
            self._opened_legacy[slot_id] = (slot["salt"], kek, params, key)
        return key

    def remove(self, slot_id: str) -> bool:
        """Drop a slot; return whether it existed."""
        return self.slots.pop(slot_id, None) is not None

    def __contains__(self, slot_id: str) -> bool:
        return slot_id in self.slots

    def legacy(self, slot_id: str) -> bool:
        """Whether a slot still has format 1 (its key wrapped directly under the password)."""
        slot = self.slots.get(slot_id)
        return slot is not None and slot.get("kind") not in (SEALED, RESET_NEEDED)

    def unwrap_user(self, username: str, password: str) -> bytes:
        """Return the database key for a user's password, or raise AuthError."""
        slot_id = user_slot_id(username)
        if self.slots.get(slot_id, {}).get("kind") == RESET_NEEDED:
            raise AuthError(_("The studio's key was renewed while '%(username)s' still had the old kind of key, "
                              "so the password no longer opens it. Ask an admin to reset your password.",
                              username=username))
        key = self.unwrap(slot_id, password)
        if key is None:
            raise AuthError(_("Wrong username or password. Check both and try again."))
        return key

    def unwrap_recovery(self, code: str) -> bytes:
        """Return the database key for the recovery code, or raise AuthError."""
        normal = crypto.normalise_recovery_code(code)
        key = self.unwrap(RECOVERY_SLOT, normal) if normal else None
        if key is None:
            raise AuthError(_("That recovery code is not right. Type it exactly as printed at set-up "
                              "(dashes and case do not matter)."))
        return key

    def upgrade_opened(self) -> bool:
        """Turn every format 1 slot this object has opened into a format 2 slot, in the file on disk;
        return whether the file changed. No password is needed again: the derived key is reused."""
        if not self._opened_legacy:
            return False
        changed = False
        with KeySlots.editing(self.path) as fresh:
            for slot_id, (salt, kek, params, key) in self._opened_legacy.items():
                if fresh.slots.get(slot_id, {}).get("salt") != salt or not fresh.legacy(slot_id):
                    continue  # changed meanwhile (new password, removal): leave it alone
                fresh.install(fresh._prepared(slot_id, kek, unb64(salt), params), key)
                changed = True
        self._opened_legacy.clear()
        return changed

    def earlier_keys(self, db_key: bytes) -> list[bytes]:
        """The studio's earlier database keys, newest first, opened with the current key."""
        return keyring.open_history(self.db_id, db_key, self.history)

    def reseal(self, old_key: bytes, new_key: bytes, drop: set[str], recovery: Prepared | None = None,
               users: set[str] | None = None) -> list[str]:
        """Re-key the slots in memory: drop the slots in `drop` (and, when `users` is given, every user
        slot not in it), seal `new_key` to every remaining public key that was bound under `old_key`,
        remember `old_key` in the history. A user slot that cannot be carried over (format 1: its password
        is unknown; or its public key was not bound by the key holder) is marked for a reset and its slot
        id returned. Such a recovery slot is replaced by `recovery` (a new code) when given, else dropped
        and returned too."""
        self._check_key(old_key)
        self.history = keyring.seal_history(self.db_id, old_key, new_key, self.history)
        self.key_check = keyring.key_check(new_key)
        lost = []
        for slot_id in list(self.slots):
            slot = self.slots[slot_id]
            if slot_id in drop or (users is not None and slot_id != RECOVERY_SLOT and slot_id not in users):
                del self.slots[slot_id]
            elif self.bound(slot_id, old_key):
                box = keyring.seal_to(unb64(slot["public"]), new_key, self._aad(slot_id, part="/db-key"))
                self.slots[slot_id] = {**slot, "box": box, "bind": self._bind(new_key, slot_id, slot["public"])}
            elif slot_id == RECOVERY_SLOT and recovery is not None:
                self.install(recovery, new_key)
            elif slot_id == RECOVERY_SLOT:
                del self.slots[slot_id]
                lost.append(slot_id)
            elif slot.get("kind") != RESET_NEEDED:
                self.slots[slot_id] = {"kind": RESET_NEEDED}
                lost.append(slot_id)
        return lost


def _disk_check(path: Path) -> str | None:
    try:
        check = json.loads(path.read_text("utf-8")).get("key_check")
    except (OSError, ValueError):
        return None
    return check if isinstance(check, str) else None
