"""Devices of one studio for the merge tests: real SQLCipher copies of one studio, each with its own node id, and
the canonical dump two converged devices must agree on."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from app.db import capture
from app.db.engine import Database
from app.db.node import enable_capture
from app.db.sync_rules import LATER_CHANGE

LISTED = f"WHERE resolved_by IS NULL OR resolved_by != '{LATER_CHANGE}'"  # the conflicts every device must list

TICKS = itertools.count(1_900_000_000_000, 7)  # a shared fake wall clock: each write is later than the last


def devices_of(opened, tmp_path: Path, count: int) -> list[Database]:
    """`count` devices holding the same studio as `opened` (which becomes the first), capturing their writes."""
    with opened.db.write() as conn:
        enable_capture(conn, opened.db.path)
    opened.db.engine.dispose()
    devices = [opened.db]
    for n in range(1, count):
        path = tmp_path / f"device{n}" / "studio.db"
        path.parent.mkdir()
        shutil.copyfile(opened.db.path, path)  # no node file beside it: the copy takes its own node id
        devices.append(Database(path, opened.db._key))
    return devices


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every synced table's rows, sorted by id: what must be identical on converged devices. The conflicts list
    counts without the clashes a later change undid: those are closed where a device happened to see them."""
    with db.read() as conn:
        return {t: [tuple(r) for r in conn.exec_driver_sql(
                    f'SELECT * FROM "{t}" {LISTED if t == "sync_conflicts" else ""} ORDER BY id')]
                for t in capture.SYNCED}


def conflicts(db: Database) -> list[tuple[str, str]]:
    """The conflicts list as (kind, rows JSON)."""
    with db.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT kind, rows FROM sync_conflicts ORDER BY id")]
