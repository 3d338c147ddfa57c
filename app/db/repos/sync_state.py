"""The device's sync bookkeeping in `sync_node`: the pairing, the push and pull positions, the last outcome; and
the seeding of the outbox with the whole studio when it first pairs (so a device that joins gets every row)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from app.db import capture
from app.db.node import enable_capture, ensure_node, now_ms, stamp_pending
from app.db.sync_apply import Change, apply_changes, check_outgoing, outbox_after
from app.domain.hlc import tick


@dataclass(frozen=True)
class SyncState:
    """What this device knows of its pairing and progress (the credential and keyring are secrets)."""

    node_id: str
    relay_url: str | None
    studio_id: str | None
    device_id: str | None
    credential: str | None
    keyring: bytes | None
    pushed_seq: int
    pulled_seq: int
    last_sync_at: str | None
    last_error: str | None


def state(conn: Connection, db_path: Path) -> SyncState:
    """This device's sync state (a node id is minted if it has none)."""
    ensure_node(conn, db_path)
    row = conn.exec_driver_sql("SELECT node_id, relay_url, studio_id, device_id, credential, keyring, pushed_seq, "
                               "pulled_seq, last_sync_at, last_error FROM sync_node WHERE id = 1").one()
    return SyncState(*row)


def is_paired(conn: Connection) -> bool:
    """Whether this database is paired with a relay (False at revisions before the sync tables)."""
    if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'sync_node'").scalar() == 0:
        return False
    return conn.exec_driver_sql("SELECT count(*) FROM sync_node WHERE relay_url IS NOT NULL").scalar() == 1


def pair(conn: Connection, db_path: Path, relay_url: str, studio_id: str, device_id: str, credential: str,
         keyring: bytes, seed: bool) -> None:
    """Record the pairing and start capturing; `seed` (the studio's first device) queues every row as an insert.
    A joining device (a copy of the studio) keeps its outbox positions, so what the copy holds is not sent twice."""
    enable_capture(conn, db_path)
    conn.exec_driver_sql("UPDATE sync_node SET relay_url = ?, studio_id = ?, device_id = ?, credential = ?, "
                         "keyring = ?, pulled_seq = 0 WHERE id = 1",
                         (relay_url, studio_id, device_id, credential, keyring))
    if seed:
        for table in capture.SYNCED:
            row_json = capture.row_json(capture.columns(conn, table)).replace("NEW.", "t.")
            conn.exec_driver_sql(f"INSERT INTO sync_outbox(tbl, row_id, op, fields, row) "
                                 f"SELECT '{table}', t.id, 'insert', NULL, {row_json} FROM \"{table}\" t ORDER BY t.id")
        stamp_pending(conn, db_path)


def outgoing(conn: Connection, db_path: Path, after_seq: int, limit: int) -> list[tuple[int, Change]]:
    """The next stamped changes to push (stamping any written outside a normal write), rules checked."""
    stamp_pending(conn, db_path)
    batch = outbox_after(conn, after_seq, limit)
    check_outgoing(conn, [change for _seq, change in batch])
    return batch


def pushed(conn: Connection, seq: int) -> None:
    """The relay acknowledged the outbox up to `seq`."""
    conn.exec_driver_sql("UPDATE sync_node SET pushed_seq = max(pushed_seq, ?) WHERE id = 1", (seq,))


def apply_pulled(conn: Connection, db_path: Path, changes: list[Change], relay_seq: int,
                 reference_ms: int | None = None) -> int:
    """Apply a page of pulled changes and advance the pull position, in the caller's one transaction."""
    applied = apply_changes(conn, db_path, changes, reference_ms=reference_ms)
    conn.exec_driver_sql("UPDATE sync_node SET pulled_seq = ? WHERE id = 1", (relay_seq,))
    return applied


def finished(conn: Connection, at: str, error: str | None) -> None:
    """Remember when the last sync ended and how (a sentence, or None)."""
    if error is None:
        conn.exec_driver_sql("UPDATE sync_node SET last_sync_at = ?, last_error = NULL WHERE id = 1", (at,))
    else:
        conn.exec_driver_sql("UPDATE sync_node SET last_error = ? WHERE id = 1", (error,))


def counts(conn: Connection) -> tuple[int, int]:
    """(changes not pushed yet, open conflicts)."""
    pushed_seq = conn.exec_driver_sql("SELECT pushed_seq FROM sync_node WHERE id = 1").scalar() or 0
    pending = conn.exec_driver_sql("SELECT count(*) FROM sync_outbox WHERE seq > ?", (pushed_seq,)).scalar()
    conflicts = conn.exec_driver_sql("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL").scalar()
    return int(pending or 0), int(conflicts or 0)


def decode(plaintext: bytes) -> list[Change]:
    """The changes a sealed message carried."""
    return [Change.from_json(item) for item in json.loads(plaintext)]


def encode(changes: list[Change]) -> bytes:
    """The plaintext of a message carrying `changes`."""
    return json.dumps([c.to_json() for c in changes], separators=(",", ":")).encode()


def set_keyring(conn: Connection, keyring: bytes) -> None:
    """Keep the studio's sync keyring after a rotation (this device's or one another device handed on)."""
    conn.exec_driver_sql("UPDATE sync_node SET keyring = ? WHERE id = 1", (keyring,))


def stamp_now(conn: Connection, db_path: Path) -> str:
    """A new clock value of this device for a message that carries no change (a rotated key)."""
    node, last = ensure_node(conn, db_path)
    stamp = tick(last, now_ms(), node).text()
    conn.exec_driver_sql("UPDATE sync_node SET last_hlc = ? WHERE id = 1", (stamp,))
    return stamp
