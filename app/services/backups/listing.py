"""The restore points of the stick and of the mirror drive as records, with their last known state."""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo
from pathlib import Path

from app.core.i18n import _
from app.core.paths import StickPaths
from app.domain.backups import MISSING, UNKNOWN, BackupRecord
from app.services.backups import mirror as mirrors
from app.services.backups import points
from app.services.backups.manifest import Manifest, read_states, record_from

PATTERNS = ("studio-*.db", "before-restore-*.db", "pre-migration-*.db", "damaged-*.db")  # every kind
MIRRORED = "mirror:"  # verify-state.json keys of the mirror drive's copies


def local_records(folder: Path, zone: tzinfo | None) -> list[BackupRecord]:
    """Every restore point in the stick's `folder`, newest first: each manifest line, each one-file point
    found without one (dangling links too) and each stored point whose line a crash left out; a prune cut
    short hides what it was deleting."""
    states = read_states(folder)
    lines = {e["name"]: e for e in Manifest(folder).lines()}
    listed = {p.name for pattern in PATTERNS for p in folder.glob(pattern)}  # dangling links too
    listed |= points.names_on_disk(folder)
    names = (set(lines) | listed) - points.pending(folder)
    records = []
    for name in names:
        state, problems = states.get(name, (UNKNOWN, []))
        if not points.exists(folder, name, lines.get(name)):  # deleted by hand to free space, or a link to
            state, problems = MISSING, [_("The backup %(name)s is missing from %(folder)s.",  # nothing: say so
                                          name=name, folder=folder)]
        size = (folder / name).stat().st_size if (folder / name).is_file() else 0
        entry = lines.get(name) or {"name": name, "size": size}
        records.append(record_from(entry, folder, state, tuple(problems)))
    oldest = datetime.min.replace(tzinfo=zone)
    return sorted(records, key=lambda r: (r.created_at or oldest, r.name), reverse=True)


def mirror_paths(paths: StickPaths) -> list[Path]:
    """Where each point listed on the mirror drive would be (none when the drive is not plugged in)."""
    root = mirrors.load_config(paths).get("path")
    if not root or not mirrors.is_present(Path(root)):
        return []
    folder = Path(root) / mirrors.FOLDER
    return [folder / name for name in dict.fromkeys(e["name"] for e in Manifest(folder).lines())]


def mirror_records(paths: StickPaths) -> list[BackupRecord]:
    """Every point on the mirror drive, newest first, with the state its last verify left."""
    states, mirrored = read_states(paths.backups), []
    for path in mirror_paths(paths):
        state, problems = states.get(MIRRORED + path.name, (UNKNOWN, []))
        entry = Manifest(path.parent).entry(path.name) or {"name": path.name}
        if not points.exists(path.parent, path.name, entry):
            state, problems = MISSING, [_("The copy of %(name)s is missing from %(folder)s.", name=path.name,
                                                 folder=path.parent)]
        mirrored.append(dataclasses.replace(record_from(entry, path.parent, state, tuple(problems)),
                                            location="mirror"))
    return sorted(mirrored, key=lambda r: r.name, reverse=True)
