"""Accounts across devices: how a user made (or given a new password) on one device logs in on every device.

Each device has its own database key, sealed in its data/keyslots.json once per account: an X25519 key pair per
slot, the private half wrapped under an Argon2id key from the account's password, the database key sealed to the
public half (app.core.keyslots). Sealing needs only the public half, so a device can give an account a slot
without knowing the password, as long as it has the account's public key and its wrapped private key.

So every account has a key RECORD in the synced table `user_keys` (migration 0009), one row per account, its id
the slot id ('user:<username casefolded>', the same on every device): the public key, the private key wrapped
under the password's Argon2id key (salt, cost, nonce), and the id of the key file it was wrapped in (bound into
the wrapping, so a device opens it with the origin's binding). Never the password, never a database key: a
record opens nothing without the password, and it travels only inside the studio-key-encrypted sync messages,
so the relay holds ciphertext of an Argon2id-wrapped key.

A table of its own rather than columns on `users`: the record is written whenever a slot is (same transaction),
it is one value that must change as a whole (one JSON field, so per-field last-writer-wins can never pair one
password's salt with another's private key), the account listings, exports and API models that read `users` never
carry key material, and its id is the slot id, so two devices writing one account's record meet in one row.

Writes: every slot written for an account (created, password changed or reset, a leaked password replaced, the
first admin) stores its record in the same service call (`store_record`, inside the slot's transaction where there
is one); a deactivation clears it (NULL), so the account loses its slot everywhere until an admin sets a password.
Applying: after each page of pulled changes is committed, and at the start of every sync (which repairs a crash
between a commit and the key-file update), `reconcile` brings this device's key file in line with the table: an
active account with a record gets a slot holding that record, with THIS device's database key sealed to it (the
sync runs while the studio is unlocked); an account that is deactivated, missing, or whose record was cleared has
no slot. The key file is written atomically (temp, fsync, rename) under the key-slot lock. Accounts that have a
slot here but no record yet (made before this existed, or before pairing) get their record written from the slot.
Conflicts: a password changed on two devices is one field merged last-writer-wins, so the later change wins on
every device, and the account logs in everywhere with the newer password (the other one stops working).
Limits: a paired device is trusted like an admin (it could write a record for any account); a deactivation
re-keys only the device it was made on, the others drop the slot but keep their key (renew it there if a copy
of an old key file may be in the wrong hands).
"""

from __future__ import annotations

import binascii
import logging
from pathlib import Path
from typing import Any

from app.core import keyring
from app.core.keyslots import LOCK, KeySlots, user_slot_id
from app.db.engine import Connection, Database
from app.db.repos import user_keys
from app.db.repos.users import UserRepository
from app.domain.errors import DomainError

log = logging.getLogger(__name__)
USER_SLOT = "user:"
ACCOUNT_TABLES = ("users", "user_keys")  # a synced change to these may change who has a slot


def store_record(conn: Connection, slots: KeySlots, slot_id: str) -> None:
    """Write the record of the account slot `slot_id` as it is in `slots`, in the caller's transaction."""
    if slot_id.startswith(USER_SLOT):
        user_keys.put(conn, slot_id, slots.record(slot_id))


def clear_record(conn: Connection, username: str) -> None:
    """Clear an account's record (deactivated): every device drops its slot at its next sync."""
    user_keys.put(conn, user_slot_id(username), None)


def reconcile(db: Database, path: Path) -> int:
    """Bring the key file at `path` in line with the synced records (see the module docstring); return how many
    slots were added, replaced or removed. A problem is logged and left for the next sync, never raised."""
    try:
        return _reconcile(db, path)
    except (OSError, DomainError) as exc:
        log.warning("The key slots could not be brought in line with the accounts (%s); the next sync tries again",
                    type(exc).__name__)
        return 0


def _reconcile(db: Database, path: Path) -> int:
    if not path.exists():
        return 0
    with LOCK:  # before the database, as every slot writer takes them
        slots, key = KeySlots.load(path), db.key()
        if slots.key_check != keyring.key_check(key):
            return 0  # a re-key of this studio is under way: its own step reseals, the next sync catches up
        with db.read() as conn:
            records = user_keys.all_records(conn)
            active = {user_slot_id(u.username) for u in UserRepository().list_all(conn) if u.active}
        changed = _drop_shut_out(slots, active, records) + _adopt(slots, key, active, records)
        if changed:
            slots.save()
        missing = {slot_id: slots.record(slot_id) for slot_id in active if slot_id not in records}
        unsent = {slot_id: record for slot_id, record in missing.items() if record is not None}
        if unsent:
            with db.write() as conn:
                for slot_id, record in unsent.items():
                    user_keys.add_missing(conn, slot_id, record)
    return changed


def _drop_shut_out(slots: KeySlots, active: set[str], records: dict[str, dict[str, Any] | None]) -> int:
    """Remove the slots of accounts that are not active here, or whose record was cleared."""
    gone = [slot_id for slot_id in slots.slots if slot_id.startswith(USER_SLOT)
            and (slot_id not in active or (slot_id in records and records[slot_id] is None))]
    for slot_id in gone:
        slots.remove(slot_id)
    return len(gone)


def _adopt(slots: KeySlots, key: bytes, active: set[str], records: dict[str, dict[str, Any] | None]) -> int:
    """Give every active account with a record a slot holding it, sealed to this device's key."""
    done = 0
    for slot_id, record in records.items():
        if record is None or slot_id not in active:
            continue
        if slots.slots.get(slot_id, {}).get("public") == record.get("public") and slots.bound(slot_id, key):
            continue
        try:
            slots.adopt(slot_id, record, key)
        except (KeyError, TypeError, ValueError, binascii.Error):
            log.warning("An account's key record from another device is not readable; it was skipped")
            continue
        done += 1
    return done
