"""A database write and a new key slot stored as one change (user creation, password changes).

The slot is prepared first (`KeySlots.prepare`: the slow Argon2 part, no lock held). Then the key-slot
lock is taken, then the database's write lock: the order a re-key takes them, so the two never wait on
each other. Inside the write the slot is sealed to the database's current key (a re-key cannot have
slipped in between, so a new account is never sealed to a key the studio no longer uses) and the slots
file is saved before the commit: a failed save rolls the row back, and a failed commit puts the slot
that was there before back, so no account is left without its slot and no slot outlives its row. An account's
slot also stores its synced key record in the same transaction (app.services.studio.user_keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from app.core.keyslots import LOCK, KeySlots, Prepared
from app.db.engine import Connection, Database
from app.services.studio.user_keys import store_record


@contextmanager
def write_with_slot(db: Database, path: Path, prepared: Prepared,
                    write: Callable[[], AbstractContextManager[Connection]] | None = None) -> Iterator[Connection]:
    """Yield a write transaction of `db`; when its body succeeds, put `prepared` into the slots file at
    `path`, sealed to the current key, and commit (see the module docstring). `write` replaces
    `db.write` (a service's own wrapper around it)."""
    with LOCK:
        slots = KeySlots.load(path)
        before = slots.slots.get(prepared.slot_id)
        saved = False
        try:
            with (write or db.write)() as conn:
                yield conn
                slots.install(prepared, db.key())
                store_record(conn, slots, prepared.slot_id)  # the account's record, for its other devices
                slots.save()
                saved = True
        except BaseException:
            if saved:  # the commit failed after the slot was stored: the row is gone, so the slot goes too
                _put_back(path, prepared.slot_id, before)
            raise


def _put_back(path: Path, slot_id: str, before: dict[str, Any] | None) -> None:
    with KeySlots.editing(path) as slots:
        if before is None:
            slots.remove(slot_id)
        else:
            slots.slots[slot_id] = before
