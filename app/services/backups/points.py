"""Restore points by name, whichever way they are stored: in the deduplicated chunk store (every point this
version writes) or as one `.db` file (points earlier versions wrote, kept and read as they are, never
converted: a conversion would be one more thing a crash could cut short, and they age out by retention).

A folder of restore points (the stick's `data/backups/` or the mirror's `TattooStudioBackups/`) holds
  manifest.jsonl            one line per point: the record it is listed by (`"store": "chunks"` for stored ones)
  store/packs, store/points the chunk store (see chunks.py)
  NAME.keyslots.json        the key slots beside each point, as before
  NAME                      a point of the older format (one `.db` file)

Crash safety: a stored point is complete once its sealed `.point` file has its final name (its packs are
written first); its manifest line is appended after. `recover` (run before every write, prune and mirror)
appends the line a crash left out, from the point's own sealed record, and finishes a prune a crash cut
short (the names to delete are written to `prune-pending.json` first; they are hidden from the list until
gone). Every check of a point ends with the rebuilt file opened by SQLCipher: every page's HMAC and
SQLite's integrity check.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.i18n import _
from app.db.integrity import check_file
from app.domain.backups import BadBackupError
from app.services.backups.chunks import ChunkStore
from app.services.backups.manifest import Manifest, keyslots_beside, line_problem, sha256_file

STORE = "store"
PENDING = "prune-pending.json"
KeyFor = Callable[[Path, Path], bytes]  # (a file holding the point's database, its key slots) -> the key
WRITING = threading.RLock()  # one writer of the stores in this process: a collect never meets a half-added point


def chunk_store(folder: Path) -> ChunkStore:
    """The chunk store of a folder of restore points."""
    return ChunkStore(folder / STORE)


def stored(entry: dict[str, Any] | None) -> bool:
    """Whether a manifest line names a point kept in the chunk store (not a `.db` file)."""
    return bool(entry) and entry.get("store") == "chunks"  # type: ignore[union-attr]


def exists(folder: Path, name: str, entry: dict[str, Any] | None) -> bool:
    """Whether the point's file is there: its `.point` in the store, or its `.db` file (either, when the
    manifest has no line for it)."""
    point = folder / STORE / "points" / f"{name}.point"
    if stored(entry):
        return point.is_file()
    return (folder / name).is_file() or (entry is None and point.is_file())


def pending(folder: Path) -> set[str]:
    """The names a prune was deleting when it was cut short (hidden until `recover` finishes it)."""
    try:
        return set(json.loads((folder / PENDING).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def recover(folder: Path) -> None:
    """Finish what a crash cut short in `folder`: a prune, then the manifest lines of complete points."""
    with WRITING:
        _recover(folder)


def _recover(folder: Path) -> None:
    gone = pending(folder)
    if gone:
        _delete(folder, gone)
    store = chunk_store(folder)
    if not store.points.is_dir():
        return
    manifest = Manifest(folder)
    listed = {e["name"] for e in manifest.lines()}
    for name in store.names():
        if name not in listed:
            try:
                body = store.point(name)
            except ValueError:
                continue  # damaged: listed as such, never repaired from
            manifest.append(body["line"])


def prune_points(folder: Path, gone: set[str]) -> list[str]:
    """Delete the points named `gone` in `folder` crash-safely, then collect the chunks no point uses."""
    with WRITING:
        return _prune(folder, gone)


def _prune(folder: Path, gone: set[str]) -> list[str]:
    lines = Manifest(folder).lines()
    gone = {n for n in gone if any(e["name"] == n for e in lines) or (folder / n).exists()
            or (folder / STORE / "points" / f"{n}.point").exists()}
    if not gone:
        return []
    write_atomic(folder / PENDING, json.dumps(sorted(gone)).encode())
    _delete(folder, gone)
    return sorted(gone)


def _delete(folder: Path, gone: set[str]) -> None:
    manifest = Manifest(folder)
    manifest.rewrite([e for e in manifest.lines() if e["name"] not in gone])
    store = chunk_store(folder)
    for name in sorted(gone):
        store.remove(name)
        (folder / name).unlink(missing_ok=True)
        keyslots_beside(folder / name).unlink(missing_ok=True)
    (folder / PENDING).unlink(missing_ok=True)
    if store.root.is_dir():
        store.collect()


@contextmanager
def point_file(folder: Path, name: str, entry: dict[str, Any]) -> Iterator[Path]:
    """A file holding the point's database: its `.db` file, or the point rebuilt from the store into a temp
    file (every chunk re-hashed; deleted afterwards). BadBackupError with a sentence naming what is damaged."""
    if not stored(entry):
        yield folder / name
        return
    tmp = folder / f".{name}.{secrets.token_hex(4)}.{os.getpid()}.tmp"  # one per call: a verify and a restore
    # of the same point may run at once; a killed process's are swept by its pid (store.clean_stale_temps)
    try:
        try:
            chunk_store(folder).rebuild(name, tmp)
        except ValueError as exc:
            raise BadBackupError(str(exc)) from None
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)


def problems_of(folder: Path, name: str, file: Path, entry: dict[str, Any], key: bytes) -> list[str]:
    """Check a point's file against its manifest line, then open it with `key`; return the problems."""
    if not file.is_file():
        return [_("The backup %(name)s is missing from %(folder)s.", name=name, folder=folder)]
    if file.stat().st_size != entry.get("size") or sha256_file(file) != entry.get("sha256"):
        return [_("The backup %(name)s does not match its checksum in the manifest: the file or its line in "
                  "%(manifest)s was changed or damaged.", name=name, manifest=folder / "manifest.jsonl")]
    return check_file(file, key)


@contextmanager
def checked(folder: Path, name: str, key_for: KeyFor) -> Iterator[tuple[Path, bytes, dict[str, Any]]]:
    """Yield (a file holding the point's database, its key, its manifest line) once every check passed;
    else raise BadBackupError naming the point and what is wrong with it."""
    entry = Manifest(folder).entry(name)
    if entry is None:
        raise BadBackupError(_("The backup %(name)s is not in the manifest beside it, so its checksum is unknown.",
                               name=name))
    damaged = line_problem(entry)
    if damaged:
        raise BadBackupError(damaged)
    with point_file(folder, name, entry) as file:
        key = key_for(file, keyslots_beside(folder / name)) if file.is_file() else b""
        found = problems_of(folder, name, file, entry, key)
        if found:
            raise BadBackupError(" ".join(found))
        yield file, key, entry


def verify(folder: Path, name: str, key_for: KeyFor) -> list[str]:
    """Every check of one point (see `checked`); return the problems, empty when it is sound."""
    try:
        with checked(folder, name, key_for):
            return []
    except BadBackupError as exc:
        return [str(exc)]


def names_on_disk(folder: Path) -> set[str]:
    """Every point name found in the store of `folder` (listed or not)."""
    return set(chunk_store(folder).names()) if (folder / STORE).is_dir() else set()
