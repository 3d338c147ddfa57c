"""Encrypted studio snapshots on the relay: making one, and a new device joining from nothing through one.

Making: the canonical dump (app/db/sync_snapshot.py) read in one read transaction, zlib-compressed, sealed with the
studio sync key (AES-256-GCM, app/sync/crypto.py) under the id `snapshot-<covers_seq>`, so the studio id, the relay
position it covers and the word "snapshot" are all bound as associated data: the relay cannot hand a snapshot to
another studio, relabel it as covering another position, or pass a change message off as one. `covers_seq` is the
relay position this device had pulled when it read its data: every message up to it is in the rows (and what this
device wrote but has not pushed is in them too; it is pushed later and applies as a no-op on a device that loaded it).

When: a device that synced without a problem makes one when the relay has none, or when `SNAPSHOT_AFTER` messages
or more arrived since the newest one. Why 500: that is one pull page of the relay, so a new device replays at most
about one page after loading a snapshot, and the relay may compact the rest; a studio syncing a few changes a minute
writes that many messages in a day or two, and a snapshot of a year's studio costs seconds, so it stays cheap. An
invitation also makes one when the relay has none, so the device it invites can always join from nothing.

Joining from nothing (`join_fresh`): the database must hold only what `init` wrote. The pairing is recorded first
with the pull position `PENDING` (-1): from then on, a crash or an unreachable relay leaves a paired, still empty
database, and the next sync finishes the bootstrap (the code is not needed again). The load then runs in ONE write
transaction that also sets the pull position to `covers_seq`, and the messages after it are pulled as in any sync.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from app.core.i18n import _
from app.db import sync_snapshot
from app.db.engine import Connection, Database
from app.db.repos import sync_state
from app.db.snapshot import export_encrypted
from app.domain.errors import ConflictError
from app.sync.crypto import SyncKeyring, TamperedMessageError

log = logging.getLogger(__name__)
_COPYING = threading.Lock()
SNAPSHOT_AFTER = 500  # messages since the newest snapshot before a device makes a new one (see above)
SNAPSHOT_COPY = "sync-snapshot.db"  # the private copy a snapshot is read from, beside the database
PENDING = -1  # pull position of a device that joined from nothing and has not loaded the snapshot yet


class SnapshotRelay(Protocol):
    """What this module uses of app.sync.relay_client.RelayClient."""

    def snapshot_seq(self) -> int | None: ...  # noqa: D102 (described by RelayClient)
    def get_snapshot(self) -> tuple[int, bytes] | None: ...  # noqa: D102 (described by RelayClient)
    def put_snapshot(self, covers_seq: int, body: bytes) -> dict[str, Any]: ...  # noqa: D102 (described by RelayClient)


class StudioNotEmptyError(ConflictError):
    """The database holds studio data already: a snapshot is only loaded into a new, empty one."""


class NoSnapshotError(ConflictError):
    """The relay has no snapshot of the studio to join from."""


def snapshot_id(covers_seq: int) -> str:
    """The id a snapshot is sealed under: it binds the word 'snapshot' and the relay position it covers."""
    return f"snapshot-{covers_seq}"


def seal_snapshot(db: Database, keyring: SyncKeyring) -> tuple[int, bytes]:
    """Read this studio into a snapshot and seal it; return (covers_seq, sealed bytes).

    The dump reads a private copy of the file (its encrypted pages, copied under a read lock in a blink, as a backup
    is), not the live database: a studio-sized dump takes seconds, and with a rollback journal a reader that long
    would hold every writer's commit, a payment's included, past its busy timeout. The copy lies beside the
    database on the stick under one fixed name (a crash leaves at most that one file, replaced next time)."""
    copy = db.path.with_name(SNAPSHOT_COPY)
    with _COPYING:  # one snapshot at a time in this process (a scheduled sync and "Sync now" may overlap)
        return _seal_from_copy(db, keyring, copy)


def _seal_from_copy(db: Database, keyring: SyncKeyring, copy: Path) -> tuple[int, bytes]:
    try:
        export_encrypted(db, copy)
        twin = Database(copy, db.key())
        try:
            with twin.read() as conn:
                pulled, node = sync_snapshot.position(conn)
                covers = max(0, pulled)
                doc = sync_snapshot.dump(conn, covers)
        finally:
            twin.engine.dispose()
    finally:
        copy.unlink(missing_ok=True)
    return covers, keyring.seal(snapshot_id(covers), doc["last_hlc"] or "", node, sync_snapshot.pack(doc))


def open_snapshot(keyring: SyncKeyring, covers_seq: int, sealed: bytes) -> dict[str, Any]:
    """Check and open a snapshot the relay says covers `covers_seq`; raise SyncRejectedError (a sentence) if it was
    changed, belongs to another studio, was sealed for another position or is not a snapshot."""
    opened = keyring.open(sealed, relay_id=snapshot_id(covers_seq))
    try:
        doc = sync_snapshot.unpack(opened.plaintext)
    except ValueError:
        raise TamperedMessageError(_("The studio's snapshot on the sync relay is damaged; it was not loaded."))\
            from None
    if doc.get("covers_seq") != covers_seq:
        raise TamperedMessageError(_("The sync relay labelled the studio's snapshot wrongly; it was not loaded."))
    return doc


def refresh(db: Database, relay: SnapshotRelay, keyring: SyncKeyring, pulled_seq: int, always: bool = False) -> bool:
    """Upload a new snapshot when the relay has none or its newest is `SNAPSHOT_AFTER` messages old (or `always`);
    return whether one was stored. A snapshot only saves time, so the relay's refusal (another device was quicker)
    or absence (RelayUnavailableError, a RuntimeError) is logged, never raised: the sync it follows succeeded."""
    try:
        held = relay.snapshot_seq()
        if not always and held is not None and pulled_seq - held < SNAPSHOT_AFTER:
            return False
        covers, sealed = seal_snapshot(db, keyring)
        if held is not None and covers < held:
            return False
        relay.put_snapshot(covers, sealed)
    except RuntimeError as exc:
        log.warning("The relay did not take this device's snapshot (%s).", type(exc).__name__)
        return False
    return True


def fresh(db: Database) -> bool:
    """Whether this database holds only what creating a studio writes (a snapshot may be loaded into it)."""
    with db.read() as conn:
        return sync_snapshot.is_fresh(conn)


def ensure_fresh(db: Database, paired_ok: bool = False) -> None:
    """Refuse, with a sentence, a database that holds studio data (or is paired, unless `paired_ok`)."""
    with db.read() as conn:
        fresh = sync_snapshot.is_fresh(conn) and (paired_ok or not sync_state.is_paired(conn))
    if not fresh:
        raise StudioNotEmptyError(_("This studio holds data already, so it cannot join a studio from nothing. "
                                    "Join from a new, empty studio, or, if this is a copy of the same studio (a "
                                    "restored backup), join it as a copy."))


def _fetched(relay: SnapshotRelay, keyring: SyncKeyring) -> tuple[int, dict[str, Any]]:
    """The studio's snapshot from the relay, checked and opened: (covers_seq, document)."""
    got = relay.get_snapshot()
    if got is None:
        raise NoSnapshotError(_("The sync relay holds no snapshot of this studio yet. On a device of the studio, "
                                "sync once (Admin, Sync), then sync here again."))
    covers, sealed = got
    return covers, open_snapshot(keyring, covers, sealed)


def _same_version(conn: Connection, doc: dict[str, Any]) -> None:
    if sync_snapshot.revision(conn) != doc.get("revision"):
        raise StudioNotEmptyError(_("The studio's snapshot was made by another version of the app. Install "
                                    "the same version on both devices, then sync again."))


def load(db: Database, relay: SnapshotRelay, keyring: SyncKeyring) -> sync_snapshot.Loaded:
    """Fetch, check and load the studio's snapshot into this paired, still empty database, in one transaction
    that also moves the pull position to the snapshot's `covers_seq`."""
    covers, doc = _fetched(relay, keyring)
    with db.write() as conn:
        _same_version(conn, doc)
        if not sync_snapshot.is_fresh(conn):
            raise StudioNotEmptyError(_("This studio received data while it waited for its snapshot; it cannot "
                                        "load one now. Start again from a new, empty studio."))
        loaded = sync_snapshot.load(conn, db.path, doc)
        sync_snapshot.set_pull_position(conn, covers, reset_push=True)
    return loaded


def catch_up(db: Database, relay: SnapshotRelay, keyring: SyncKeyring) -> int:
    """For a device holding data whose next messages the relay compacted (it was away longer than the relay keeps
    them): merge the studio's snapshot like a pulled page, field by field, newest stamp winning, so what this device
    wrote and did not push yet survives (its outbox still goes out), then go on from the snapshot's position.
    Returns that position."""
    covers, doc = _fetched(relay, keyring)
    changes, first_closes = sync_snapshot.as_changes(doc)
    with db.write() as conn:
        _same_version(conn, doc)
        sync_snapshot.merge_first_closes(conn, first_closes)
        sync_state.apply_pulled(conn, db.path, changes, covers)
    return covers


def pending(db: Database) -> bool:
    """Whether this device joined from nothing and still waits for its snapshot."""
    with db.read() as conn:
        return sync_state.is_paired(conn) and sync_snapshot.position(conn)[0] == PENDING

