"""The manifest beside a set of backups (one JSON line per complete file) and checks against it."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.atomic import fsync_folder, write_atomic
from app.core.i18n import _
from app.db.integrity import check_file
from app.domain.backups import UNKNOWN, BackupRecord

MANIFEST = "manifest.jsonl"
STATE_FILE = "verify-state.json"
CHUNK = 1024 * 1024


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def keyslots_beside(path: Path) -> Path:
    """Return where the key slots of backup `path` are kept."""
    return path.with_suffix(".keyslots.json")


class Manifest:
    """manifest.jsonl in `folder`: lines are only appended after their file is complete."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.path = folder / MANIFEST

    def lines(self) -> list[dict[str, Any]]:
        """Every readable line, oldest first; a line cut short by a crash is skipped."""
        if not self.path.exists():
            return []
        found = []
        for raw in self.path.read_text("utf-8").splitlines():
            try:
                entry = json.loads(raw)
            except ValueError:
                continue
            if isinstance(entry, dict) and "name" in entry:
                found.append(entry)
        return found

    def entry(self, name: str) -> dict[str, Any] | None:
        """The newest line about `name`, or None."""
        matches = [e for e in self.lines() if e["name"] == name]
        return matches[-1] if matches else None

    def append(self, entry: dict[str, Any]) -> None:
        """Add one line durably (flush + fsync), starting on a fresh line if a crash cut the last. The line
        carries its own checksum (`check`), so a changed value in it is found by `line_problem`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(sealed(entry), sort_keys=True) + "\n"
        with open(self.path, "ab+") as fh:
            if fh.tell() > 0:
                fh.seek(-1, os.SEEK_END)
                if fh.read(1) != b"\n":
                    line = "\n" + line
            fh.write(line.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        fsync_folder(self.folder)

    def rewrite(self, entries: list[dict[str, Any]]) -> None:
        """Replace the manifest atomically with `entries` (used by prune)."""
        data = "".join(json.dumps(e, sort_keys=True) + "\n" for e in entries)
        write_atomic(self.path, data.encode("utf-8"))


def _line_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "check"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def sealed(entry: dict[str, Any]) -> dict[str, Any]:
    """The line with its checksum (`check`) set."""
    return {**entry, "check": _line_hash(entry)}


def line_problem(entry: dict[str, Any]) -> str | None:
    """A sentence when a manifest line was changed after it was written (lines of earlier versions carry no
    checksum and pass), else None."""
    if "check" in entry and entry["check"] != _line_hash(entry):
        return _("The manifest line of the backup %(name)s does not match its checksum: the manifest was changed "
                 "or damaged.", name=entry.get("name"))
    return None


def record_from(entry: dict[str, Any], folder: Path, state: str = UNKNOWN,
                problems: tuple[str, ...] = ()) -> BackupRecord:
    """Build a BackupRecord from a manifest line."""
    created = entry.get("created_at")
    return BackupRecord(name=entry["name"], path=folder / entry["name"], sha256=entry.get("sha256"),
                        size=int(entry.get("size", 0)), revision=entry.get("revision"),
                        counts=dict(entry.get("counts", {})),
                        created_at=datetime.fromisoformat(created) if created else None,
                        kind=entry.get("kind", "backup"), state=state, problems=problems)


def verify_file(path: Path, key: bytes) -> list[str]:
    """Check a backup against the manifest beside it, then open it with `key`; return the problems."""
    if not path.is_file():
        return [_("The backup %(name)s is missing from %(folder)s.", name=path.name, folder=path.parent)]
    entry = Manifest(path.parent).entry(path.name)
    if entry is None:
        return [_("The backup %(name)s is not in the manifest beside it, so its checksum is unknown.", name=path.name)]
    if path.stat().st_size != entry.get("size") or sha256_file(path) != entry.get("sha256"):
        return [_("The backup %(name)s does not match its checksum: the file was changed or damaged.",
                  name=path.name)]
    return check_file(path, key)


def read_states(folder: Path) -> dict[str, tuple[str, list[str]]]:
    """The last verify state and problems of each backup in `folder` (mirror copies under 'mirror:NAME')."""
    try:
        raw = json.loads((folder / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: (v["state"], v.get("problems", [])) for name, v in raw.items()}


def remember_states(folder: Path, states: dict[str, tuple[str, list[str]]]) -> None:
    """Merge `states` into the verify states kept in `folder`, atomically."""
    merged = {**read_states(folder), **states}
    data = {n: {"state": s, "problems": list(p)} for n, (s, p) in merged.items()}
    write_atomic(folder / STATE_FILE, json.dumps(data, indent=1, sort_keys=True).encode())
